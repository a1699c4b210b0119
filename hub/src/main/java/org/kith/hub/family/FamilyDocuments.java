package org.kith.hub.family;

import java.util.List;
import java.util.Optional;

/**
 * One family's recorded documents as {@link Filing} and {@link FamilyRecords} read them: by id, for
 * recording one more (a few point reads, whatever the family's size), and by kind, for the
 * engine's record of the family (only what binds, and the few latest revoked directives). Kept in
 * the consent store one entry per document ({@link FamilyStore}), or read whole
 * ({@link FamilyFile}).
 */
public interface FamilyDocuments {

    String familyId();

    /** The family's profile and tallies (nothing recorded: {@link FamilyHeader#empty()}). */
    FamilyHeader header();

    /** The directive of this id whose document is kept: in force, or among the latest revoked. */
    Optional<FamilyFile.Filed> directive(String id);

    /** Whether the directive was revoked so long ago that only its id is kept: it can never be recorded again. */
    boolean revokedLongAgo(String directiveId);

    Optional<FamilyFile.Filed> authority(String id);

    /** Every directive whose document is kept, in the order they were recorded. */
    List<FamilyFile.Filed> directives();

    /** Every authority, in the order they were recorded. */
    List<FamilyFile.Filed> authorities();

    /**
     * The writes that move this family from the consent store's first layout (one whole file under
     * the family id) to one entry per document; none when it is kept so already.
     */
    default List<FamilyStore.Write> migration() {
        return List.of();
    }
}
