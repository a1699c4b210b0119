package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Renders {@code schemas/README.md} from the schemas themselves: per message type its purposes,
 * core fields and a table of every field with its type, category, whether it is required and
 * whether it is core. A test keeps the checked-in file equal to this rendering.
 */
public final class SchemaDocs {

    /** One documented field. {@code path} uses {@code /*} for array items, e.g. {@code /persons/*}{@code /birthDate}. */
    public record Row(String path, String type, Optional<Category> category, boolean required, boolean core,
                      String description) {
    }

    private SchemaDocs() {
    }

    /** Every field of a message type's data, in schema order, parents before children. */
    public static List<Row> rows(MessageType type) {
        JsonNode document = Contracts.schemaDocument(type);
        Set<String> core = new HashSet<>(Contracts.get().of(type).coreFields());
        List<Row> rows = new ArrayList<>();
        walk(document, document, categoryOf(document, document), "", core, rows, 0);
        return rows;
    }

    private static void walk(JsonNode schemaNode, JsonNode document, Optional<Category> inherited, String path,
                             Set<String> core, List<Row> rows, int depth) {
        if (depth > 12) {
            throw new IllegalStateException("schema nests deeper than 12 levels at " + path);
        }
        JsonNode resolved = MessageContract.resolve(schemaNode, document);
        Set<String> required = new HashSet<>();
        resolved.path("required").forEach(r -> required.add(r.asText()));
        resolved.path("properties").fields().forEachRemaining(property -> {
            JsonNode child = property.getValue();
            JsonNode childResolved = MessageContract.resolve(child, document);
            String childPath = path + "/" + property.getKey();
            Optional<Category> category = categoryOf(child, document).or(() -> inherited);
            rows.add(new Row(childPath, typeOf(childResolved), category, required.contains(property.getKey()),
                    core.contains(childPath), description(child, childResolved)));
            walk(child, document, category, childPath, core, rows, depth + 1);
            if (childResolved.has("items")) {
                JsonNode items = childResolved.get("items");
                Optional<Category> itemCategory = categoryOf(items, document).or(() -> category);
                walk(items, document, itemCategory, childPath + "/*", core, rows, depth + 1);
            }
        });
    }

    private static Optional<Category> categoryOf(JsonNode schemaNode, JsonNode document) {
        JsonNode tag = schemaNode.has("x-kith-category") ? schemaNode.get("x-kith-category")
                : MessageContract.resolve(schemaNode, document).get("x-kith-category");
        return tag == null ? Optional.empty() : Category.fromCode(tag.asText());
    }

    private static String typeOf(JsonNode resolved) {
        if (resolved.has("enum")) {
            List<String> values = new ArrayList<>();
            resolved.get("enum").forEach(v -> values.add(v.asText()));
            return "one of " + String.join(", ", values);
        }
        if (resolved.has("const")) {
            return "\"" + resolved.get("const").asText() + "\"";
        }
        String type = resolved.path("type").asText("any");
        if (resolved.has("format")) {
            return type + " (" + resolved.get("format").asText() + ")";
        }
        if ("array".equals(type) && resolved.has("items")) {
            JsonNode items = resolved.get("items");
            return "array of " + (items.has("$ref") ? items.get("$ref").asText().replaceAll(".*/", "") : items.path("type").asText("any"));
        }
        return type;
    }

    private static String description(JsonNode own, JsonNode resolved) {
        return own.path("description").asText(resolved.path("description").asText(""));
    }

    /** The whole {@code schemas/README.md}. */
    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Kith message contracts (v1)\n\n")
                .append("Generated from the JSON Schemas in `src/main/resources/org/kith/schemas/v1/` by `SchemaDocs`; ")
                .append("`SchemaDocsTest` fails when this file and the schemas disagree (regenerate with ")
                .append("`mvn -B -q -pl schemas test -Dtest=SchemaDocsTest -Dkith.docs.write=true`).\n\n")
                .append("Every message is a CloudEvent (`envelope.schema.json`): `specversion` 1.0, `id` (the sender's ")
                .append("event id), `source` (the sender's partner id), `type` (e.g. `org.kith.referral.v1`), optional ")
                .append("`subject`, `time` and `dataschema`, and the Kith extensions `familyid`, `purpose` and ")
                .append("`recipients` (comma-separated partner ids; optional where routing rules choose them). Send it as `application/cloudevents+json` ")
                .append("(structured) or as `ce-` headers with an `application/json` body (binary). On Kafka the hub ")
                .append("uses the CloudEvents Kafka binding (`ce_` headers, the data as the value).\n\n")
                .append("The **category** of a field decides who may receive it; a field without its own category ")
                .append("carries its parent's. A copy that would lose a **core** field is not sent at all. ")
                .append("Examples of every type, valid and invalid, are in `src/main/resources/org/kith/schemas/v1/examples/`.\n\n")
                .append("Categories: ");
        List<String> categories = new ArrayList<>();
        for (Category category : Category.values()) {
            categories.add("`" + category.code() + "`");
        }
        out.append(String.join(", ", categories)).append(".\n");
        for (MessageType type : MessageType.values()) {
            JsonNode document = Contracts.schemaDocument(type);
            MessageContract contract = Contracts.get().of(type);
            out.append("\n## ").append(document.path("title").asText(type.shortName()))
                    .append(" (`").append(type.typeName()).append("`)\n\n")
                    .append(document.path("description").asText()).append("\n\n")
                    .append("- Purposes: ").append(String.join(", ", contract.purposes().stream().map(p -> "`" + p.code() + "`").sorted().toList())).append('\n')
                    .append("- Core fields: ").append(String.join(", ", contract.coreFields().stream().map(p -> "`" + p + "`").toList())).append('\n')
                    .append("- Schema: `").append(type.schemaUri()).append("`\n\n")
                    .append("| field | type | category | required | core | description |\n")
                    .append("| --- | --- | --- | --- | --- | --- |\n");
            for (Row row : rows(type)) {
                out.append("| `").append(row.path()).append("` | ").append(cell(row.type())).append(" | ")
                        .append(row.category().map(Category::code).orElse("**none**")).append(" | ")
                        .append(row.required() ? "yes" : "").append(" | ")
                        .append(row.core() ? "yes" : "").append(" | ")
                        .append(cell(row.description())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
