package org.kith.consent.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kith.consent.engine.ConsentDecision;
import org.kith.schemas.Category;
import org.kith.schemas.ClassifiedField;
import org.kith.schemas.MessageContract;

/**
 * Applies a decision to a message's {@code data}: every node whose category the decision does not
 * grant, and every node the schema does not describe, is removed from a copy; the original is never
 * touched. If a core field of the message type would not survive, there is no copy: a referral
 * without its persons is useless and misleading. The decision is not re-made here; the core check
 * is repeated because it is about the payload, which the decision never saw.
 */
public final class Redactor {

    public RedactionResult apply(ConsentDecision decision, MessageContract contract, JsonNode data) {
        if (decision.outcome() == ConsentDecision.Outcome.DENY) {
            return new RedactionResult.NotSent(List.of());
        }
        Set<Category> granted = decision.disclosed();
        List<String> removed = new ArrayList<>();
        for (ClassifiedField field : contract.classify(data)) {
            if (removed.stream().anyMatch(r -> isWithin(field.pointer(), r))) {
                continue;
            }
            if (field.category().isEmpty() || !granted.contains(field.category().get())) {
                removed.add(field.pointer());
            }
        }
        List<String> missingCore = contract.coreFields().stream()
                .filter(core -> !data.at(core).isMissingNode())
                .filter(core -> removed.stream().anyMatch(r -> isWithin(core, r)))
                .toList();
        if (!missingCore.isEmpty()) {
            return new RedactionResult.NotSent(missingCore);
        }
        JsonNode copy = data.deepCopy();
        for (int i = removed.size() - 1; i >= 0; i--) {
            remove(copy, removed.get(i));
        }
        return new RedactionResult.Copy(copy, removed, decision.handling());
    }

    /** Whether {@code pointer} is {@code ancestor} or lies below it. */
    static boolean isWithin(String pointer, String ancestor) {
        return pointer.equals(ancestor) || pointer.startsWith(ancestor + "/");
    }

    /**
     * Removes the node at {@code pointer}. Removals run in reverse document order, so removing an
     * array element never shifts the index of one still to be removed.
     */
    private static void remove(JsonNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String token = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            object.remove(token);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(token));
        } else {
            throw new IllegalStateException("no container above " + pointer);
        }
    }
}
