package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the schema of one message type says beyond validity: the purposes the type may serve, its
 * core fields (without which a copy is useless, so it is not sent at all), and the data category of
 * every node. Read from the schema's {@code x-kith-purposes}, {@code x-kith-core} and
 * {@code x-kith-category} keywords; a property's category applies to its children unless a child
 * names its own. A node whose schema requires a property of the node's own category is
 * {@linkplain ClassifiedField#anchored() anchored}: what it holds is about that property.
 */
public final class MessageContract {

    private final MessageType type;
    private final Set<Purpose> purposes;
    private final List<String> coreFields;
    private final Node root;

    /**
     * The category tree of a schema: a node's own tag, its properties, its array items, and of the
     * properties it requires whether one has no tag of its own and which tags the others have.
     */
    record Node(Optional<Category> category, Map<String, Node> properties, Node items, boolean requiresUntagged,
                Set<Category> requiredTags) {

        /** Whether a node of this schema carrying {@code category} requires a property that carries it too. */
        boolean anchored(Optional<Category> category) {
            return requiresUntagged || category.isPresent() && requiredTags.contains(category.get());
        }
    }

    MessageContract(MessageType type, Set<Purpose> purposes, List<String> coreFields, Node root) {
        this.type = type;
        this.purposes = Set.copyOf(purposes);
        this.coreFields = List.copyOf(coreFields);
        this.root = root;
    }

    public MessageType type() {
        return type;
    }

    public Set<Purpose> purposes() {
        return purposes;
    }

    /** JSON pointers (relative to {@code data}) of the fields a copy cannot do without. */
    public List<String> coreFields() {
        return coreFields;
    }

    /**
     * Every node of {@code data} in document order (a parent before its children) with the category
     * it carries. Removing a node removes its children with it.
     */
    public List<ClassifiedField> classify(JsonNode data) {
        List<ClassifiedField> fields = new ArrayList<>();
        walk(data, root, root.category(), "", fields);
        return fields;
    }

    private static void walk(JsonNode instance, Node schema, Optional<Category> inherited, String pointer,
                             List<ClassifiedField> out) {
        if (instance.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext(); ) {
                var member = it.next();
                String childPointer = pointer + "/" + escape(member.getKey());
                Node child = schema == null ? null : schema.properties().get(member.getKey());
                if (child == null) {
                    out.add(new ClassifiedField(childPointer, Optional.empty(), false));
                    continue;
                }
                Optional<Category> category = child.category().or(() -> inherited);
                out.add(new ClassifiedField(childPointer, category, child.anchored(category)));
                walk(member.getValue(), child, category, childPointer, out);
            }
        } else if (instance.isArray()) {
            Node items = schema == null ? null : schema.items();
            for (int i = 0; i < instance.size(); i++) {
                String childPointer = pointer + "/" + i;
                if (items == null) {
                    out.add(new ClassifiedField(childPointer, Optional.empty(), false));
                    continue;
                }
                Optional<Category> category = items.category().or(() -> inherited);
                out.add(new ClassifiedField(childPointer, category, items.anchored(category)));
                walk(instance.get(i), items, category, childPointer, out);
            }
        }
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Builds the contract from a schema document, following local {@code $ref}s into {@code $defs}. */
    static MessageContract fromSchema(MessageType type, JsonNode schema) {
        Set<Purpose> purposes = new java.util.LinkedHashSet<>();
        for (JsonNode purpose : schema.path("x-kith-purposes")) {
            purposes.add(Purpose.fromCode(purpose.asText())
                    .orElseThrow(() -> new IllegalStateException(type + ": unknown purpose " + purpose)));
        }
        List<String> core = new ArrayList<>();
        schema.path("x-kith-core").forEach(pointer -> core.add(pointer.asText()));
        return new MessageContract(type, purposes, core, node(schema, schema, type));
    }

    private static Node node(JsonNode schemaNode, JsonNode document, MessageType type) {
        JsonNode resolved = resolve(schemaNode, document);
        Optional<Category> own = Optional.ofNullable(schemaNode.get("x-kith-category"))
                .or(() -> Optional.ofNullable(resolved.get("x-kith-category")))
                .map(tag -> Category.fromCode(tag.asText())
                        .orElseThrow(() -> new IllegalStateException(type + ": unknown category " + tag)));
        Map<String, Node> properties = new LinkedHashMap<>();
        resolved.path("properties").fields()
                .forEachRemaining(p -> properties.put(p.getKey(), node(p.getValue(), document, type)));
        boolean requiresUntagged = false;
        Set<Category> requiredTags = new HashSet<>();
        for (JsonNode name : resolved.path("required")) {
            Node property = properties.get(name.asText());
            if (property != null && property.category().isEmpty()) {
                requiresUntagged = true;
            } else if (property != null) {
                requiredTags.add(property.category().get());
            }
        }
        Node items = resolved.has("items") ? node(resolved.get("items"), document, type) : null;
        return new Node(own, Map.copyOf(properties), items, requiresUntagged, Set.copyOf(requiredTags));
    }

    static JsonNode resolve(JsonNode schemaNode, JsonNode document) {
        JsonNode current = schemaNode;
        for (int depth = 0; current.has("$ref") && depth < 16; depth++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local $ref is supported in contracts: " + ref);
            }
            current = document.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("unresolvable $ref " + ref);
            }
        }
        return current;
    }
}
