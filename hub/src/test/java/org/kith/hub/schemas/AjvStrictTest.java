package org.kith.hub.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.edge.ApiDocuments;
import org.kith.hub.testing.NodePackage;
import org.kith.hub.testing.OpenApiDocuments;
import org.kith.schemas.Json;

/**
 * A validator nobody here wrote accepts what the hub ships: Ajv 8 in its default strict mode (JSON
 * Schema 2020-12, with ajv-formats), where an unknown keyword or format is an error, compiles every
 * JSON Schema under {@code schemas/} in Kith's dialect (its {@code x-kith-*} keywords the ones the
 * dialect's meta-schema declares, as a partner is told to load them) and every schema of the two
 * OpenAPI documents as served. Ajv runs on Node.js from {@code src/test/ajv} (versions pinned by its
 * lock file); without Node.js it is left out on a developer's machine and fails on CI.
 */
class AjvStrictTest {

    /** The schemas module's schemas, as partners are given them. */
    private static final Path SCHEMAS = Path.of("..", "schemas", "src", "main", "resources", "org", "kith", "schemas", "v1");

    private static NodePackage ajv;

    @BeforeAll
    static void install() throws Exception {
        Optional<NodePackage> installed = NodePackage.installed("ajv", List.of("strict.mjs"), "ajv",
                "the Ajv strict-mode schema test");
        Assumptions.assumeTrue(installed.isPresent(), "Node.js is not installed here");
        ajv = installed.get();
    }

    @Test
    void ajvInStrictModeCompilesEverySchemaAndEverySchemaOfBothDocuments(@TempDir Path dir) throws Exception {
        Path partners = Files.writeString(dir.resolve("partners.openapi.json"), ApiDocuments.partners("/"));
        Path admin = Files.writeString(dir.resolve("admin.openapi.json"), OpenApiDocuments.admin("/"));
        JsonNode result = strict(SCHEMAS, partners, admin);
        assertEquals("[]", result.get("failures").toString(), result.toString());
        assertEquals("[]", result.get("warnings").toString(), result.toString());
        long schemaFiles;
        try (Stream<Path> files = Files.walk(SCHEMAS)) {
            schemaFiles = files.filter(f -> f.toString().endsWith(".schema.json") && !f.toString().contains("meta")).count();
        }
        assertTrue(result.get("compiled").asInt() > 2 * schemaFiles + 100,
                "every schema file and the documents' schemas were compiled: " + result);
    }

    /** The check can fail: a keyword that neither 2020-12 nor Kith's dialect declares is refused by name. */
    @Test
    void aKeywordTheDialectDoesNotDeclareIsRefused(@TempDir Path dir) throws Exception {
        Path schemas = copy(SCHEMAS, dir.resolve("schemas"));
        Path referral = schemas.resolve("referral.schema.json");
        ObjectNode schema = (ObjectNode) Json.mapper().readTree(referral.toFile());
        ((ObjectNode) schema.at("/properties/referralId")).put("x-unknown", "not declared");
        Files.writeString(referral, schema.toString());
        ObjectNode document = (ObjectNode) Json.mapper().readTree(ApiDocuments.partners("/"));
        ((ObjectNode) document.at("/components/schemas/Capacity")).put("x-kith-capacity", true);
        Path partners = Files.writeString(dir.resolve("partners.openapi.json"), document.toString());

        JsonNode result = strict(schemas, partners);
        List<String> failures = new ArrayList<>();
        result.get("failures").forEach(f -> failures.add(f.get("schema").asText() + ": " + f.get("error").asText()));
        assertTrue(failures.contains("referral.schema.json: strict mode: unknown keyword: \"x-unknown\""),
                failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.contains("#/$defs/Capacity: strict mode: unknown keyword:"
                + " \"x-kith-capacity\"")), failures.toString());
    }

    private static JsonNode strict(Path schemas, Path... documents) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "strict.mjs", schemas.toAbsolutePath().toString()));
        for (Path document : documents) {
            command.add(document.toAbsolutePath().toString());
        }
        NodePackage.Result run = ajv.run(command, Map.of());
        String last = run.output().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("{"), "strict.mjs printed no result (exit " + run.exit() + "): " + run.output());
        JsonNode result = Json.mapper().readTree(last);
        assertEquals(result.get("failures").isEmpty() ? 0 : 1, run.exit(), run.output());
        return result;
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
