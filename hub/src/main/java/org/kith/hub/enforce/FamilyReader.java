package org.kith.hub.enforce;

import java.util.function.Function;
import org.kith.consent.engine.FamilyRecord;
import org.kith.hub.family.FamilyDocuments;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.family.FamilyRecordCache;
import org.kith.hub.family.FamilyRecords;

/**
 * A family's consent documents as the handlers read them (the consent store, read only): for
 * recording one more, or as the record the consent engine decides on, built from what binds and
 * kept while the family's documents do not change ({@link FamilyRecordCache}). A family nothing was
 * recorded for has no documents, so it is decided like any other: no directive, no disclosure.
 */
record FamilyReader(Function<String, FamilyDocuments> source, FamilyRecords records, FamilyLimits limits,
                    FamilyRecordCache cache) {

    /** With a cache of its own, holding the records of up to four families at their limits. */
    FamilyReader(Function<String, FamilyDocuments> source, FamilyRecords records, FamilyLimits limits) {
        this(source, records, limits, new FamilyRecordCache(records, 4 * limits.maxDocuments()));
    }

    FamilyDocuments documents(String familyId) {
        return source.apply(familyId);
    }

    FamilyRecord record(String familyId) {
        return cache.read(documents(familyId));
    }
}
