package org.kith.hub.enforce;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The message ids this task decided (or filed) lately: the core's last guard against deciding a
 * message twice. The ingresses recognise a message sent again by its sender's event id
 * ({@code kith.ingress.ids}), but two instances taking it at the same moment, or a crash between
 * storing it and recording its id, can still store it twice; both copies carry the same message id
 * (derived from the sender and its event id), and both are in the family's partition, so this
 * task's store, changelogged in the same exactly-once transaction as the decision, sees the second.
 * Each id is kept for {@code keep} around its record's time (a window store, which drops old
 * segments by itself), as long as the ingresses' ids are kept; a second copy of another family's
 * id under the same event id would be in another partition, and is caught at the door only.
 */
@FunctionalInterface
interface DecidedMessages {

    /** Whether message {@code messageId} was decided within the kept time around {@code timestamp}. */
    boolean decided(String messageId, long timestamp);

    /** Nothing decided before: for handler tests without a store. */
    DecidedMessages NONE = (messageId, timestamp) -> false;

    /** The ids in {@code store}, each looked for within {@code keep} either side of a record's time. */
    static DecidedMessages in(ReadOnlyWindowStore<String, Long> store, Duration keep) {
        long around = keep.toMillis();
        return (messageId, timestamp) -> {
            try (WindowStoreIterator<Long> found = store.fetch(messageId, Instant.ofEpochMilli(Math.max(0, timestamp - around)),
                    Instant.ofEpochMilli(timestamp + around))) {
                return found.hasNext();
            }
        };
    }

    /**
     * The effects of {@code arrival}, and, if it is a message its handler decided or filed (did not
     * set aside as a dead letter, which an operator may replay, corrected, to be decided then), that
     * its id is now decided.
     */
    static Effects once(Arrival arrival, Effects effects) {
        if (arrival instanceof Arrival.Message message && effects.ofKind(Effect.DeadLettered.class).isEmpty()) {
            effects.add(new Effect.Decided(message.envelope().id()));
        }
        return effects;
    }
}
