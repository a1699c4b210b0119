package org.kith.hub.enforce;

import java.util.function.Function;
import org.kith.consent.engine.FamilyRecord;
import org.kith.hub.family.FamilyDocuments;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.family.FamilyRecords;

/**
 * A family's consent documents as the handlers read them (the consent store, read only): for
 * recording one more, or as the record the consent engine decides on, built from what binds. A
 * family nothing was recorded for has no documents, so it is decided like any other: no directive,
 * no disclosure.
 */
record FamilyReader(Function<String, FamilyDocuments> source, FamilyRecords records, FamilyLimits limits) {

    FamilyDocuments documents(String familyId) {
        return source.apply(familyId);
    }

    FamilyRecord record(String familyId) {
        return records.read(documents(familyId));
    }
}
