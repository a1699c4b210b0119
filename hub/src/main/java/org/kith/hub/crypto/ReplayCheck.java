package org.kith.hub.crypto;

import java.util.Objects;

/** Whether a signed message is new: {@link Fresh}, or refused with one reason code. */
public sealed interface ReplayCheck permits ReplayCheck.Fresh, ReplayCheck.Refused {

    default boolean isFresh() {
        return this instanceof Fresh;
    }

    record Fresh() implements ReplayCheck {
    }

    record Refused(Reason reason) implements ReplayCheck {
        public Refused {
            Objects.requireNonNull(reason);
        }
    }

    enum Reason {
        /** The same sender used this message id within the window. */
        REPLAYED("replayed"),
        /** The message's timestamp is older than the window. */
        STALE_TIMESTAMP("stale-timestamp"),
        /** The message's timestamp is further ahead than the window. */
        FUTURE_TIMESTAMP("future-timestamp"),
        /** The guard remembers as many ids as it may; it refuses rather than forget one inside the window. */
        CAPACITY("replay-capacity");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
