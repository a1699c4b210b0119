package org.kith.hub.ingress;

import java.time.Instant;
import java.util.Objects;

/**
 * One event id a sender used for a message the hub accepted, as {@code kith.ingress.ids} keeps it:
 * ids and a digest, never the message.
 *
 * @param sender     the sending partner
 * @param eventId    the sender's id of the event
 * @param messageId  the hub's message id it got
 * @param sha256     the digest of its content at the edge it came through (hex)
 * @param acceptedAt when an instance accepted it; it is remembered for a while from then
 */
public record AcceptedId(String sender, String eventId, String messageId, String sha256, Instant acceptedAt) {

    public AcceptedId {
        Objects.requireNonNull(sender);
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(messageId);
        Objects.requireNonNull(sha256);
        Objects.requireNonNull(acceptedAt);
    }

    /** The record key on the topic: a partner id holds no {@code |}, so the key names one pair. */
    public String key() {
        return sender + "|" + eventId;
    }
}
