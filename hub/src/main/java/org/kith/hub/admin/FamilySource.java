package org.kith.hub.admin;

import java.util.Optional;
import java.util.function.Function;
import org.kith.hub.family.FamilyDocuments;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyLimits;

/** Where the HTTP APIs read a family's consent file from. */
@FunctionalInterface
public interface FamilySource {

    /**
     * The family's file, or empty if nothing was ever recorded for it; throws
     * {@link IllegalStateException} when another hub instance holds the family's partition.
     */
    Optional<FamilyFile> file(String familyId);

    /**
     * Reads the family's documents with {@code read} where they are kept, as the core reads them
     * (a few point reads to check one more document); throws as {@link #file} does.
     */
    default <T> T documents(String familyId, Function<FamilyDocuments, T> read) {
        return read.apply(file(familyId).orElseGet(() -> FamilyFile.empty(familyId)));
    }

    /** The limits the core holds each family to. */
    default FamilyLimits limits() {
        return FamilyLimits.DEFAULT;
    }
}
