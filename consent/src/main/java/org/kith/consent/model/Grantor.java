package org.kith.consent.model;

import java.util.Objects;

/**
 * Who signed a directive and in what capacity. {@code relationship} is descriptive (mother,
 * grandmother, self...); the capacity is what the authority rules look at.
 */
public record Grantor(String personId, String relationship, Capacity capacity) {
    public Grantor {
        Ids.require(personId, "grantor person id");
        Ids.require(relationship, "grantor relationship");
        Objects.requireNonNull(capacity, "grantor capacity");
    }
}
