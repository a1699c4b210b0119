package org.kith.consent.model;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Validation and copying shared by the model's compact constructors. */
public final class Ids {

    private Ids() {
    }

    /** An id must be present and not blank; the message names the field, never a value. */
    public static String require(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** An immutable copy of a non-empty set of ids. */
    public static Set<String> nonEmptyIds(Collection<String> values, String field) {
        Objects.requireNonNull(values, field);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        values.forEach(v -> require(v, field));
        return Set.copyOf(values);
    }

    /**
     * An immutable enum set: kept as an {@link EnumSet} underneath so that {@code contains} on the
     * decision path is a bit test, not a hash lookup.
     */
    public static <E extends Enum<E>> Set<E> enumSet(Collection<E> values, Class<E> type, String field) {
        Objects.requireNonNull(values, field);
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(values);
        return Collections.unmodifiableSet(copy);
    }

    /** As {@link #enumSet} but at least one member is required. */
    public static <E extends Enum<E>> Set<E> nonEmptyEnumSet(Collection<E> values, Class<E> type, String field) {
        Set<E> copy = enumSet(values, type, field);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return copy;
    }
}
