package org.kith.hub.enforce;

import org.kith.consent.engine.FamilyRecord;
import org.kith.hub.admin.FamilySource;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyRecords;

/**
 * A family's consent file as the handlers read it (the consent store, read only): the file as
 * stored, or the record the consent engine decides on. A family nothing was recorded for has an
 * empty file, so it is decided like any other: no directive, no disclosure.
 */
record FamilyReader(FamilySource source, FamilyRecords records) {

    FamilyFile file(String familyId) {
        return source.file(familyId).orElseGet(() -> FamilyFile.empty(familyId));
    }

    FamilyRecord record(String familyId) {
        return records.read(file(familyId));
    }
}
