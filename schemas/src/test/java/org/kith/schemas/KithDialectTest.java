package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schemas are written in Kith's dialect, which declares the {@code x-kith-*} keywords: every
 * schema is valid against the meta-schema, and a validator in strict mode (unknown keywords fail)
 * accepts every schema and refuses one with a keyword the dialect does not declare.
 */
class KithDialectTest {

    @Test
    void theMetaSchemaDeclaresTheKeywordsTheSchemasUse() {
        assertEquals(List.of("x-kith-category", "x-kith-purposes", "x-kith-core"), KithDialect.keywords());
    }

    @Test
    void everySchemaNamesTheDialectAndIsValidAgainstItsMetaSchema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(KithDialect.ID, KithDialect.metaSchema().toString())));
        var meta = registry.getSchema(com.networknt.schema.SchemaLocation.of(KithDialect.ID));
        for (String resource : SchemaPointers.resources()) {
            JsonNode schema = read(resource);
            assertEquals(KithDialect.ID, schema.path("$schema").asText(), resource);
            List<Error> errors = meta.validate(schema);
            assertEquals(List.of(), errors.stream().map(Error::toString).toList(), resource);
        }
    }

    @Test
    void aStrictValidatorAcceptsEverySchema() {
        SchemaRegistry strict = KithDialect.registry();
        for (String resource : SchemaPointers.resources()) {
            // validating instantiates every keyword of the schema: an undeclared one throws
            strict.getSchema(read(resource)).validate(Json.mapper().createObjectNode());
        }
    }

    @Test
    void aKeywordTheDialectDoesNotDeclareIsRefused() {
        String schema = "{\"$schema\": \"" + KithDialect.ID + "\", \"type\": \"object\", \"x-kith-colour\": \"red\"}";
        assertThrows(RuntimeException.class,
                () -> KithDialect.registry().getSchema(schema).validate(Json.mapper().createObjectNode()));
    }

    @Test
    void theMetaSchemaIsInvalidForABadAnnotation() throws Exception {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(KithDialect.ID, KithDialect.metaSchema().toString())));
        var meta = registry.getSchema(com.networknt.schema.SchemaLocation.of(KithDialect.ID));
        JsonNode bad = Json.mapper().createObjectNode().set("properties", Json.mapper().createObjectNode()
                .set("a", Json.mapper().createObjectNode().put("x-kith-core", "not a list")));
        assertEquals(1, meta.validate(bad).size(), "annotations nested anywhere are checked");
    }

    private static JsonNode read(String resource) {
        try (InputStream in = KithDialectTest.class.getClassLoader().getResourceAsStream(resource)) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
