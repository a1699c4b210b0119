package org.kith.consent.model;

import java.util.Objects;
import org.kith.schemas.PartnerKind;

/**
 * A partner as the engine sees it: sender or recipient of one message. The kind matters because
 * general designations and statute rules name kinds of partner, not partners.
 */
public record Partner(String id, PartnerKind kind) {
    public Partner {
        Ids.require(id, "partner id");
        Objects.requireNonNull(kind, "partner kind");
    }
}
