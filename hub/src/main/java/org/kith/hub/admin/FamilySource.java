package org.kith.hub.admin;

import java.util.Optional;
import org.kith.hub.family.FamilyFile;

/** Where the administration API reads a family's consent file from. */
@FunctionalInterface
public interface FamilySource {

    /**
     * The family's file, or empty if nothing was ever recorded for it; throws
     * {@link IllegalStateException} when another hub instance holds the family's partition.
     */
    Optional<FamilyFile> file(String familyId);
}
