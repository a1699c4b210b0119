package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.kith.hub.admin.ChangeWriter;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;

/**
 * Writes a partnership configuration file into the config topic, where every hub instance follows
 * it. The file: {@code {"agreements": [...], "routingRules": [...], "statuteRules": [...]}}. Every entry is checked before
 * anything is written, and all are written in one transaction, so a file with one bad entry changes nothing.
 */
public final class ConfigPublisher {

    private ConfigPublisher() {
    }

    /** The config-topic entries a configuration document describes, by key, each checked (partners are not looked up). */
    public static Map<String, JsonNode> entries(JsonNode root) {
        return entries(root, partner -> true);
    }

    /**
     * The config-topic entries a configuration document describes, by key, each checked by
     * {@link ConfigValidation}; throws {@link IllegalArgumentException} naming every violation.
     */
    public static Map<String, JsonNode> entries(JsonNode root, Predicate<String> knownPartner) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConfigKind kind : ConfigKind.values()) {
            JsonNode section = root.path(kind.section());
            for (int i = 0; i < section.size(); i++) {
                JsonNode entry = section.get(i);
                String at = "/" + kind.section() + "/" + i;
                ConfigValidation.check(kind, entry, knownPartner)
                        .forEach(v -> problems.add(at + v.pointer() + ": " + v.message()));
                entries.put(kind.key(entry.path("id").asText()), entry);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the configuration has " + problems.size() + " problem(s): "
                    + String.join("; ", problems));
        }
        return entries;
    }

    /**
     * Publishes the file's entries to the config topic, each also an administrative change by
     * {@code actor} in the ledger, in one transaction: all of them or, if any is invalid or Kafka
     * fails, none. Partners named must be registered.
     */
    public static int apply(Path file, String bootstrapServers, Topics topics, Predicate<String> knownPartner,
                            String actor) {
        Map<String, JsonNode> entries = entries(read(file), knownPartner);
        List<ChangeWriter.Put> puts = new ArrayList<>();
        List<LedgerEvent.AdminChange> changes = new ArrayList<>();
        entries.forEach((key, value) -> {
            puts.add(new ChangeWriter.Put(key, value));
            String kind = key.substring(0, key.indexOf(':'));
            changes.add(new LedgerEvent.AdminChange(actor, "config-set", kind, key.substring(kind.length() + 1),
                    null, value, null));
        });
        try (var writer = new ChangeWriter(bootstrapServers, topics)) {
            writer.write(puts, changes);
        }
        return entries.size();
    }

    private static JsonNode read(Path file) {
        try {
            return Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config file " + file, e);
        }
    }
}
