package org.kith.hub.evaluation;

/**
 * One published number: shown, or suppressed. A suppressed entry carries no value at all, so a
 * published table cannot leak one by accident (in a log line, a debugger, a serialiser).
 */
public sealed interface Entry {

    /** A value that may be published; never negative. */
    record Shown(long value) implements Entry {
        public Shown {
            if (value < 0) {
                throw new IllegalArgumentException("a published count is never negative");
            }
        }
    }

    /** Withheld: either small, or a value that would let a small one be worked out. */
    record Suppressed() implements Entry {
    }

    /** The value when shown, {@code null} when suppressed. */
    default Long valueOrNull() {
        return this instanceof Shown shown ? shown.value() : null;
    }

    default boolean suppressed() {
        return this instanceof Suppressed;
    }
}
