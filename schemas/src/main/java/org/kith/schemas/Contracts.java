package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/** The contract of every message type, read once from the schemas on the classpath. */
public final class Contracts {

    private static final Contracts INSTANCE = new Contracts();

    private final Map<MessageType, MessageContract> byType = new EnumMap<>(MessageType.class);

    private Contracts() {
        for (MessageType type : MessageType.values()) {
            byType.put(type, MessageContract.fromSchema(type, schemaDocument(type)));
        }
    }

    public static Contracts get() {
        return INSTANCE;
    }

    public MessageContract of(MessageType type) {
        return byType.get(type);
    }

    /** The schema of a message type's {@code data}, as a JSON document. */
    public static JsonNode schemaDocument(MessageType type) {
        try (InputStream in = Contracts.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the classpath: " + type.schemaResource());
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
