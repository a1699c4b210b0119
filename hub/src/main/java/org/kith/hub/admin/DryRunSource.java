package org.kith.hub.admin;

import org.kith.schemas.Envelope;

/** Where the administration API asks what the enforcement core would do with a message. */
@FunctionalInterface
public interface DryRunSource {

    /**
     * The verdicts for {@code envelope} now, sending nothing. Throws {@link IllegalArgumentException}
     * for a message that cannot be dispatched (a consent document, an unknown sender), and
     * {@link IllegalStateException} when another instance holds the family.
     */
    DryRunReport explain(Envelope envelope);
}
