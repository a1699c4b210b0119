package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a directive, order, emergency or agreement is in force: from {@code from} (inclusive) until
 * {@code to} (exclusive). An open end is allowed where the law allows it; a permit that covers
 * substance-use records must have one (42 CFR 2.31), which {@link Directive} checks.
 */
public record Period(Instant from, Optional<Instant> to) {

    public Period {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isPresent() && !to.get().isAfter(from)) {
            throw new IllegalArgumentException("a period must end after it starts");
        }
    }

    public static Period between(Instant from, Instant to) {
        return new Period(from, Optional.of(to));
    }

    public static Period openEnded(Instant from) {
        return new Period(from, Optional.empty());
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && !hasEndedBy(instant);
    }

    public boolean hasEndedBy(Instant instant) {
        return to.isPresent() && !instant.isBefore(to.get());
    }

    public boolean hasStartedBy(Instant instant) {
        return !instant.isBefore(from);
    }
}
