package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The example messages shipped with the schemas (valid and invalid, each invalid one saying what is
 * wrong), listed in {@code examples/index.json}. Used by the tests, the docs and the demo.
 */
public final class Examples {

    private static final String BASE = "org/kith/schemas/v1/examples/";

    /**
     * @param violations for an invalid example, the JSON pointers the validator must report
     */
    public record Example(String file, boolean valid, String description, String wrong, List<String> violations,
                          byte[] bytes) {

        public JsonNode json() {
            try {
                return Json.mapper().readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public MessageType type() {
            return MessageType.fromTypeName(json().path("type").asText())
                    .orElseThrow(() -> new IllegalStateException(file + " has an unknown type"));
        }
    }

    private static final List<Example> ALL = load();

    private Examples() {
    }

    public static List<Example> all() {
        return ALL;
    }

    /** The first valid example of a type: the rich one. */
    public static Example firstValid(MessageType type) {
        return ALL.stream().filter(e -> e.valid() && e.type() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException("no valid example of " + type.shortName()));
    }

    private static List<Example> load() {
        byte[] manifest = read("index.json");
        if (manifest == null) {
            throw new IllegalStateException("examples/index.json is missing");
        }
        JsonNode index = parse(manifest);
        List<Example> examples = new ArrayList<>();
        for (JsonNode entry : index.path("examples")) {
            String file = entry.get("file").asText();
            byte[] bytes = read(file);
            if (bytes == null) {
                throw new IllegalStateException("example listed but missing: " + file);
            }
            List<String> violations = new ArrayList<>();
            entry.path("violations").forEach(v -> violations.add(v.asText()));
            examples.add(new Example(file, entry.path("valid").asBoolean(), entry.path("description").asText(""),
                    entry.path("wrong").asText(""), List.copyOf(violations), bytes));
        }
        return List.copyOf(examples);
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String file) {
        try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(BASE + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
