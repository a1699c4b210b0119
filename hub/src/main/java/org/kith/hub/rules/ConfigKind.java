package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of partnership configuration the config topic holds, each with the section of a
 * configuration file, the topic key prefix, the name the ledger and history use, and the
 * administration API's path segment.
 */
public enum ConfigKind {
    AGREEMENT("agreements", ConfigCodec.AGREEMENT, "agreements"),
    ROUTING_RULE("routingRules", ConfigCodec.RULE, "routing-rules"),
    STATUTE_RULE("statuteRules", ConfigCodec.STATUTE, "statute-rules");

    private final String section;
    private final String keyPrefix;
    private final String path;

    ConfigKind(String section, String keyPrefix, String path) {
        this.section = section;
        this.keyPrefix = keyPrefix;
        this.path = path;
    }

    /** The array of a configuration file that holds this kind, e.g. {@code routingRules}. */
    public String section() {
        return section;
    }

    /** The config-topic key of object {@code id}. */
    public String key(String id) {
        return keyPrefix + id;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** The object type in the ledger and the history: {@code agreement}, {@code rule}, {@code statute}. */
    public String objectType() {
        return keyPrefix.substring(0, keyPrefix.length() - 1);
    }

    /** The administration API's collection, e.g. {@code routing-rules}. */
    public String path() {
        return path;
    }

    /** Parses an object of this kind, throwing {@link IllegalArgumentException} (or a date error) if it does not read. */
    void parse(JsonNode json) {
        switch (this) {
            case AGREEMENT -> {
                ConfigCodec.agreement(json);
                ConfigCodec.referralSla(json);
                ConfigCodec.measureAreas(json);
            }
            case ROUTING_RULE -> ConfigCodec.rule(json);
            case STATUTE_RULE -> ConfigCodec.statute(json);
        }
    }

    public static Optional<ConfigKind> ofPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }

    public static Optional<ConfigKind> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> key.startsWith(k.keyPrefix)).findFirst();
    }
}
