package org.kith.connectors;

import java.util.Objects;

/**
 * Which event ids each sender has used, so that a message sent again is recognised whichever edge
 * and whichever hub instance it reaches, and after a restart: the hub keeps them in Kafka and every
 * instance reads them (see the hub's {@code AcceptedIds}). An ingress {@linkplain #claim claims} a
 * sender's event id before it stores the message; once the message is stored it
 * {@linkplain Claimed#record records} the id (durably, before it answers the sender), and if the
 * message is not stored after all it {@linkplain Claimed#release releases} it, so the sender may send
 * it again under the same id.
 */
public interface IdRegistry {

    /**
     * Claims {@code eventId} of {@code sender} for a message whose content has SHA-256 {@code sha256}
     * (hex; the bytes that identify the content at this edge: a structured body, a binary message's
     * signing input, a batch row's document).
     */
    Verdict claim(String sender, String eventId, String sha256);

    /** What became of a claim. */
    sealed interface Verdict permits Claimed, Resent, Replayed, Full {
    }

    /**
     * The id is new and now held for this message.
     *
     * @param messageId the hub's message id the message gets ({@link InboundRecord#messageId})
     * @param record    records the id as accepted, durably; called once the message is stored, returns once
     *                  the record is written (or could not be: logged, never thrown, since the message is stored)
     * @param release   frees the id: the message was not stored
     */
    record Claimed(String messageId, Runnable record, Runnable release) implements Verdict {
        public Claimed {
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(record);
            Objects.requireNonNull(release);
        }
    }

    /** The sender sent this very content under this id before, accepted as {@code messageId}: nothing to store. */
    record Resent(String messageId) implements Verdict {
        public Resent {
            Objects.requireNonNull(messageId);
        }
    }

    /** The sender used this id for other content, or for a message not stored yet: refused, {@code replayed}. */
    record Replayed() implements Verdict {
    }

    /**
     * The sender holds as many ids as its own share allows: refused ({@code replay-capacity}) rather than
     * forget one early; no other sender is affected.
     *
     * @param retryAfterSeconds until the sender's oldest id is forgotten, at least 1
     */
    record Full(long retryAfterSeconds) implements Verdict {
    }
}
