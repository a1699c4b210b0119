package org.kith.connectors;

import java.util.HashMap;
import java.util.Map;

/**
 * An {@link IdRegistry} for the connectors' tests, without the hub: ids kept in a map for ever, each
 * sender holding at most {@code capacity}. The hub's own, with expiry and Kafka, is tested in the hub.
 */
public final class MemoryIds implements IdRegistry {

    private record Held(String messageId, String sha256, boolean recorded) {
    }

    private final int capacity;
    private final Map<String, Map<String, Held>> held = new HashMap<>();

    public MemoryIds(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized Verdict claim(String sender, String eventId, String sha256) {
        Map<String, Held> ids = held.computeIfAbsent(sender, s -> new HashMap<>());
        Held known = ids.get(eventId);
        if (known != null) {
            return known.recorded() && known.sha256().equals(sha256) ? new Resent(known.messageId()) : new Replayed();
        }
        if (ids.size() >= capacity) {
            return new Full(60);
        }
        String messageId = InboundRecord.messageId(sender, eventId);
        ids.put(eventId, new Held(messageId, sha256, false));
        return new Claimed(messageId, () -> {
            synchronized (this) {
                ids.put(eventId, new Held(messageId, sha256, true));
            }
        }, () -> {
            synchronized (this) {
                ids.remove(eventId);
            }
        });
    }

    public synchronized int size(String sender) {
        return held.getOrDefault(sender, Map.of()).size();
    }
}
