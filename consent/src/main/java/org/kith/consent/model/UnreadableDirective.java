package org.kith.consent.model;

/**
 * A directive recorded for a family that could not be read (a malformed or newer-format record).
 * It might be a deny, so while it stands the engine withholds everything that only consent could
 * cover for that family: fail closed.
 */
public record UnreadableDirective(String id, String familyId) {
    public UnreadableDirective {
        Ids.require(id, "directive id");
        Ids.require(familyId, "family id");
    }
}
