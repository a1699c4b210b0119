package org.kith.hub.family;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.consent.engine.FamilyRecord;

/**
 * The engine's records of the families an enforcement task decided on lately, each with the
 * revision of the family's header it was read at ({@link FamilyHeader#revision}): a message of a
 * family whose documents did not change since is decided on the record already built, for the cost
 * of reading the header; any recorded document changes the revision, and the record is read again
 * from what is kept ({@link FamilyRecords#read}). The store stays the truth: a revision is compared
 * on every read. Bounded by the documents the records hold, least recently read first out. Not
 * shared: one per task, made when the task starts (a task restored from its changelog starts with
 * none), used by its stream thread only.
 */
public final class FamilyRecordCache {

    private record Entry(long revision, FamilyRecord record, int documents) {
    }

    private final FamilyRecords records;
    private final int maxDocuments;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private int documents;

    /** @param maxDocuments the most directives and authorities the cached records may hold together */
    public FamilyRecordCache(FamilyRecords records, int maxDocuments) {
        this.records = records;
        this.maxDocuments = maxDocuments;
    }

    /** The engine's record of {@code family} as its documents stand now. */
    public FamilyRecord read(FamilyDocuments family) {
        long revision = family.header().revision();
        Entry cached = entries.get(family.familyId());
        if (cached != null && cached.revision() == revision) {
            return cached.record();
        }
        FamilyRecord record = records.read(family);
        Entry entry = new Entry(revision, record, 1 + record.directives().size() + record.authorities().size()
                + record.emergencies().size() + record.unreadable().size());
        Entry replaced = entries.put(family.familyId(), entry);
        documents += entry.documents() - (replaced == null ? 0 : replaced.documents());
        for (Iterator<Entry> oldest = entries.values().iterator(); documents > maxDocuments && oldest.hasNext(); ) {
            Entry evicted = oldest.next();
            if (evicted != entry) {
                documents -= evicted.documents();
                oldest.remove();
            }
        }
        return record;
    }
}
