package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a directive is in its lifecycle, with what a revocation must record: when, and by whom.
 * A revocation takes effect at its time: decisions at or after it do not use the directive.
 */
public sealed interface DirectiveStatus {

    DirectiveState state();

    /** Whether the status allows the directive to be used at {@code instant}. */
    boolean inForceAt(Instant instant);

    /** The status the directive is recorded with. */
    record Active() implements DirectiveStatus {
        public DirectiveState state() {
            return DirectiveState.ACTIVE;
        }

        public boolean inForceAt(Instant instant) {
            return true;
        }
    }

    /** Revoked at {@code at} by the person or officer {@code by} (an id). */
    record Revoked(Instant at, String by) implements DirectiveStatus {
        public Revoked {
            Objects.requireNonNull(at, "revoked at");
            Ids.require(by, "revoked by");
        }

        public DirectiveState state() {
            return DirectiveState.REVOKED;
        }

        public boolean inForceAt(Instant instant) {
            return instant.isBefore(at);
        }
    }

    DirectiveStatus ACTIVE = new Active();
}
