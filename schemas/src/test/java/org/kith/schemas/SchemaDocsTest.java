package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contracts are the product's public face: every field categorised, closed objects, docs in step. */
class SchemaDocsTest {

    private static final Path README = Path.of("README.md");

    @Test
    void everyPropertyOfEverySchemaCarriesACategory() {
        List<String> missing = new ArrayList<>();
        int fields = 0;
        for (MessageType type : MessageType.values()) {
            for (SchemaDocs.Row row : SchemaDocs.rows(type)) {
                fields++;
                if (row.category().isEmpty()) {
                    missing.add(type.shortName() + row.path());
                }
            }
        }
        assertTrue(fields > 100, "the walk saw only " + fields + " fields");
        assertEquals(List.of(), missing, "fields without a category (own or inherited)");
    }

    @Test
    void everyObjectIsClosedAndEveryStringBounded() {
        List<String> problems = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            check(type.shortName(), Contracts.schemaDocument(type), problems);
        }
        check("envelope", envelopeSchema(), problems);
        assertEquals(List.of(), problems);
    }

    private static void check(String where, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            if ("object".equals(node.path("type").asText()) && node.has("properties")
                    && !node.path("additionalProperties").isBoolean()) {
                problems.add(where + ": object without additionalProperties: false");
            }
            if ("string".equals(node.path("type").asText()) && !node.has("maxLength") && !node.has("enum")
                    && !node.has("pattern") && !node.has("format") && !node.has("const")) {
                problems.add(where + ": unbounded string");
            }
            node.fields().forEachRemaining(f -> check(where + "/" + f.getKey(), f.getValue(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(where + "/" + i, node.get(i), problems);
            }
        }
    }

    private static JsonNode envelopeSchema() {
        try (var in = SchemaDocsTest.class.getClassLoader().getResourceAsStream("org/kith/schemas/v1/envelope.schema.json")) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyCoreFieldIsARequiredFieldOfItsSchema() {
        for (MessageType type : MessageType.values()) {
            var rows = SchemaDocs.rows(type);
            for (String core : Contracts.get().of(type).coreFields()) {
                assertTrue(rows.stream().anyMatch(r -> r.path().equals(core) && r.required()),
                        type.shortName() + ": core field " + core + " must exist and be required");
            }
            assertFalse(Contracts.get().of(type).purposes().isEmpty(), type.shortName() + " serves no purpose");
        }
    }

    @Test
    void theReadmeIsGeneratedFromTheSchemas() throws IOException {
        String rendered = SchemaDocs.render();
        if (Boolean.getBoolean("kith.docs.write")) {
            Files.writeString(README, rendered);
        }
        assertEquals(rendered, Files.exists(README) ? Files.readString(README) : "",
                "schemas/README.md is out of date: regenerate with "
                        + "mvn -B -q -pl schemas test -Dtest=SchemaDocsTest -Dkith.docs.write=true");
    }
}
