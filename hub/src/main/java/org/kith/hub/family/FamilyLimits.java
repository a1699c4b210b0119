package org.kith.hub.family;

/**
 * What one family may hold, so that what it costs to decide about it (its record is read from what
 * is in force) and to list it stays bounded: documents in force (directives not revoked, and
 * authorities) and their data bytes. Revoked directives do not count: only the
 * {@value Filing#KEEP_REVOKED} latest keep their document. A document that would take a family past
 * a limit is refused, to its sender, at the door when the door can ask, and by the core in any case
 * ({@link FamilyLimitExceeded}).
 */
public record FamilyLimits(int maxDocuments, long maxBytes) {

    /** The settings' defaults: a thousand documents in force, one MiB of their data. */
    public static final FamilyLimits DEFAULT = new FamilyLimits(1_000, 1024 * 1024);

    public FamilyLimits {
        if (maxDocuments < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a family's limits must be positive");
        }
    }
}
