package org.kith.hub.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.schemas.Violation;

/**
 * The elements the mapping knows of one FHIR element, as nested shapes: anything else present is a
 * violation at its FHIRPath (e.g. {@code Bundle.entry[1].resource.note}), never dropped. It runs on
 * JSON that HAPI already read strictly, so every member name it reports is one FHIR R4 defines, never
 * one the sender made up. A shape that is {@linkplain #one one} refuses a second repetition.
 *
 * @param members the known child elements; empty for a primitive
 * @param repeats whether more than one repetition is mapped
 */
record FhirShape(Map<String, FhirShape> members, boolean repeats) {

    static final FhirShape VALUE = new FhirShape(Map.of(), false);
    static final FhirShape VALUES = new FhirShape(Map.of(), true);
    /** An element whose content another shape checks (a Bundle entry's resource, by its type). */
    static final FhirShape ELSEWHERE = new FhirShape(null, false);

    /** A non-repeating element with these children, given as name, shape, name, shape... */
    static FhirShape one(Object... children) {
        return new FhirShape(members(children), false);
    }

    /** A repeating element with these children. */
    static FhirShape many(Object... children) {
        return new FhirShape(members(children), true);
    }

    private static Map<String, FhirShape> members(Object... children) {
        Map<String, FhirShape> members = new LinkedHashMap<>();
        for (int i = 0; i < children.length; i += 2) {
            members.put((String) children[i], (FhirShape) children[i + 1]);
        }
        return Map.copyOf(members);
    }

    /** Every element of {@code node} (at {@code path}) this shape does not know, added to {@code found}. */
    void check(JsonNode node, String path, List<Violation> found) {
        if (!node.isObject() || members == null) {
            return; // a primitive (HAPI checked its value), or checked elsewhere
        }
        node.fieldNames().forEachRemaining(name -> {
            JsonNode value = node.get(name);
            FhirShape child = members.get(name);
            if (child == null) {
                found.add(new Violation(path + "." + name, "an element the Kith mapping does not map (see docs/fhir.md)"));
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    String at = path + "." + name + "[" + i + "]";
                    if (i > 0 && !child.repeats) {
                        found.add(new Violation(at, "only one repetition of this element is mapped"));
                    } else {
                        child.check(value.get(i), at, found);
                    }
                }
            } else {
                child.check(value, path + "." + name, found);
            }
        });
    }
}
