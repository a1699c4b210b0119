package org.kith.consent.model;

import java.util.Objects;
import org.kith.schemas.PartnerKind;

/**
 * A partner as the engine sees it: sender or recipient of one message. The kind matters because
 * general designations and statute rules name kinds of partner, not partners. Partner ids are a
 * small vocabulary, so they are interned: the decision path compares them by reference first.
 */
public record Partner(String id, PartnerKind kind) {
    public Partner {
        id = Ids.require(id, "partner id").intern();
        Objects.requireNonNull(kind, "partner kind");
    }
}
