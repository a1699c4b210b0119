package org.kith.consent.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * The lifecycle of a directive as a transition table, in the manner of Resilience4j's
 * {@code CircuitBreaker.StateTransition}: the legal moves are listed, anything else throws. A
 * revoked directive stays revoked; consent given again is a new directive with a new id, so the
 * accounting of disclosures can always say which one a disclosure rested on.
 */
public enum DirectiveState {
    ACTIVE,
    REVOKED;

    /** The legal moves between states. */
    public enum Transition {
        ACTIVE_TO_REVOKED(ACTIVE, REVOKED);

        private static final Map<DirectiveState, Map<DirectiveState, Transition>> TABLE =
                new EnumMap<>(DirectiveState.class);

        static {
            for (Transition t : values()) {
                TABLE.computeIfAbsent(t.from, k -> new EnumMap<>(DirectiveState.class)).put(t.to, t);
            }
        }

        private final DirectiveState from;
        private final DirectiveState to;

        Transition(DirectiveState from, DirectiveState to) {
            this.from = from;
            this.to = to;
        }

        public DirectiveState from() {
            return from;
        }

        public DirectiveState to() {
            return to;
        }

        /** The transition from one state to another, or {@link IllegalTransitionException}. */
        public static Transition between(String directiveId, DirectiveState from, DirectiveState to) {
            Transition t = TABLE.getOrDefault(from, Map.of()).get(to);
            if (t == null) {
                throw new IllegalTransitionException(directiveId, from, to);
            }
            return t;
        }
    }

    /** A move the table does not allow, e.g. revoking twice or reactivating a revoked directive. */
    public static final class IllegalTransitionException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public IllegalTransitionException(String directiveId, DirectiveState from, DirectiveState to) {
            super("directive " + directiveId + ": illegal transition " + from + " -> " + to);
        }
    }
}
