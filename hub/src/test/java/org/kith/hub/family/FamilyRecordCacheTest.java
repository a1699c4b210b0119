package org.kith.hub.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.DirectiveState;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.ConsentStores;
import org.kith.hub.testing.IngressRecords;
import org.kith.schemas.SubmissionValidator;

/** A family's record is read once per change of its documents, and every change is seen at once. */
class FamilyRecordCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String AGENCY = "county-cw";
    private final SubmissionValidator validator = new SubmissionValidator();
    private final FamilyRecords records = new FamilyRecords(Jurisdiction.example());
    private final KeyValueStore<String, byte[]> store = ConsentStores.inMemory();
    private int messages;

    private void file(String familyId, String cloudEvent) {
        Filing.file(FamilyStore.documents(store, familyId), IngressRecords.accept(validator, cloudEvent,
                        "m-" + (++messages), T0), T0, records, FamilyLimits.DEFAULT).writes()
                .forEach(write -> store.put(write.key(), write.value()));
    }

    private FamilyRecord read(FamilyRecordCache cache, String familyId) {
        return cache.read(FamilyStore.documents(store, familyId));
    }

    @Test
    void theRecordIsKeptUntilADocumentIsRecordedAndARevocationIsSeenAtOnce() {
        var cache = new FamilyRecordCache(records, 100);
        file("F-1", DemoMessages.profile(AGENCY, "F-1"));
        file("F-1", DemoMessages.consent(AGENCY, "F-1", "D-1", "riverside-clinic"));
        FamilyRecord first = read(cache, "F-1");
        assertSame(first, read(cache, "F-1"), "nothing changed: the same record");

        file("F-1", DemoMessages.revocation(AGENCY, "F-1", "D-1"));
        FamilyRecord revoked = read(cache, "F-1");
        assertNotSame(first, revoked);
        assertEquals(DirectiveState.REVOKED, revoked.directive("D-1").orElseThrow().status().state());
    }

    @Test
    void theLeastRecentlyReadFamiliesGoOnceTheRecordsHoldTooManyDocuments() {
        var cache = new FamilyRecordCache(records, 5);
        for (String family : List.of("F-1", "F-2", "F-3")) {
            file(family, DemoMessages.profile(AGENCY, family));
            file(family, DemoMessages.consent(AGENCY, family, "D-1", "riverside-clinic"));
        }
        FamilyRecord f1 = read(cache, "F-1");
        FamilyRecord f2 = read(cache, "F-2");
        assertSame(f1, read(cache, "F-1"), "two families of two documents each fit");
        read(cache, "F-3");
        assertSame(f1, read(cache, "F-1"), "F-1 was read more recently than F-2");
        assertNotSame(f2, read(cache, "F-2"), "F-2 was the least recently read, and went");
    }
}
