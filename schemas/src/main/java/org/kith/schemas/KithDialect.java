package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The dialect Kith's schemas are written in: JSON Schema 2020-12 plus the {@code x-kith-*}
 * annotations, declared by the meta-schema {@value #ID} ({@code meta/dialect.schema.json}), which is
 * where the keywords' names come from. The hub's validator reads the annotations as annotations and
 * refuses any keyword the dialect does not declare: a misspelt keyword in a schema fails the hub at
 * start instead of being skipped with a warning.
 */
public final class KithDialect {

    /** The meta-schema's {@code $id}, which every Kith schema names as its {@code $schema}. */
    public static final String ID = "https://schemas.kith.org/v1/meta/dialect.schema.json";
    /** The optional vocabulary of the {@code x-kith-*} keywords. */
    public static final String VOCABULARY = "https://schemas.kith.org/v1/vocab/kith";
    static final String RESOURCE = "org/kith/schemas/v1/meta/dialect.schema.json";

    private KithDialect() {
    }

    /** The keywords the meta-schema declares beyond 2020-12's. */
    public static List<String> keywords() {
        List<String> names = new ArrayList<>();
        metaSchema().at("/$defs/kith/properties").fieldNames().forEachRemaining(names::add);
        return List.copyOf(names);
    }

    /** The meta-schema document. */
    public static JsonNode metaSchema() {
        try (InputStream in = KithDialect.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("meta-schema missing from the classpath: " + RESOURCE);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dialect: 2020-12's keywords, the {@code x-kith-*} annotations, and no other keyword. */
    static Dialect dialect() {
        return Dialect.builder(ID, Dialects.getDraft202012())
                .vocabulary(VOCABULARY, false)
                .keywords(keywords().stream().map(AnnotationKeyword::new).toList())
                .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
                .build();
    }

    /** A registry that reads Kith's schemas in Kith's dialect. */
    static SchemaRegistry registry() {
        return SchemaRegistry.withDialects(List.of(Dialects.getDraft202012(), dialect()),
                builder -> builder.defaultDialectId(ID));
    }
}
