package org.kith.hub.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.DirectiveState;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.ConsentStores;
import org.kith.hub.testing.IngressRecords;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;

/**
 * Recording consent documents in the consent store's layout: what a family keeps, what it refuses,
 * what it costs (a few entries read and written, whatever the family's size), its limits, and a
 * store written whole per family before this layout.
 */
class FilingTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String AGENCY = "county-cw";
    private static final SubmissionValidator VALIDATOR = new SubmissionValidator();
    private final FamilyRecords records = new FamilyRecords(Jurisdiction.example());
    private final KeyValueStore<String, byte[]> store = ConsentStores.inMemory();
    private int messages;

    private Envelope envelope(String cloudEvent) {
        return IngressRecords.accept(VALIDATOR, cloudEvent, "m-" + (++messages), T0);
    }

    private Filing.Filed file(String cloudEvent, FamilyLimits limits) {
        Filing.Filed filed = Filing.file(FamilyStore.documents(store, "F-1"), envelope(cloudEvent), T0, records, limits);
        filed.writes().forEach(write -> store.put(write.key(), write.value()));
        return filed;
    }

    private Filing.Filed file(String cloudEvent) {
        return file(cloudEvent, FamilyLimits.DEFAULT);
    }

    private static String consent(String id) {
        return DemoMessages.consent(AGENCY, "F-1", id, "riverside-clinic");
    }

    private static String revocation(String id, Instant at) {
        return DemoMessages.revocation(AGENCY, "F-1", id).replace("2026-11-20T09:00:00Z", at.toString());
    }

    private FamilyFile whole() {
        return FamilyStore.file(store, "F-1").orElseThrow();
    }

    @Test
    void aLongHistoryKeepsTheLatestRevokedDocumentsAndOnlyTheIdsOfOlderOnes() {
        file(DemoMessages.profile(AGENCY, "F-1"));
        for (int i = 0; i < 40; i++) {
            file(consent("D-" + i));
            file(revocation("D-" + i, T0.minusSeconds(100 - i)));
        }
        file(consent("D-active"));

        FamilyFile file = whole();
        assertEquals(Filing.KEEP_REVOKED + 1, file.directives().size());
        assertEquals(40 - Filing.KEEP_REVOKED, file.revokedIds().size());
        assertTrue(file.revokedIds().contains("D-0"), "the oldest revocations are kept as ids");
        assertThrows(IllegalStateException.class, () -> file(consent("D-0")),
                "a directive revoked long ago can never be recorded again");
        assertThrows(IllegalStateException.class, () -> file(consent("D-39")));
        assertEquals(List.of(FamilyStore.headerKey("F-1")),
                file(revocation("D-0", T0)).writes().stream().map(FamilyStore.Write::key).toList(),
                "revoking twice changes nothing but the header");
        assertEquals(1, FamilyStore.documents(store, "F-1").header().inForce());

        FamilyRecord record = records.read(FamilyStore.documents(store, "F-1"));
        assertEquals(List.of("D-active"), record.directives().stream()
                .filter(d -> d.status().state() == DirectiveState.ACTIVE).map(d -> d.id()).toList());
        assertEquals(Filing.KEEP_REVOKED + 1, record.directives().size());
    }

    @Test
    void revokingADirectiveNotOnFileIsRefused() {
        assertThrows(NoSuchElementException.class, () -> file(DemoMessages.revocation(AGENCY, "F-1", "D-x")));
        assertTrue(FamilyStore.file(store, "F-1").isEmpty(), "nothing was written");
    }

    @Test
    void aStoredDocumentThatNoLongerReadsWithholdsInsteadOfFailing() {
        file(DemoMessages.profile(AGENCY, "F-1"));
        file(consent("D-1"));
        FamilyFile.Filed stored = FamilyStore.documents(store, "F-1").directive("D-1").orElseThrow();
        JsonNode broken = ((ObjectNode) stored.data().deepCopy()).put("effect", "maybe");
        store.put(FamilyStore.directiveKey("F-1", "D-1"), FamilyStore.encode(new FamilyFile.Filed("D-1", broken,
                AGENCY, "m", T0, null, null)));

        FamilyRecord read = records.read(FamilyStore.documents(store, "F-1"));
        assertEquals(List.of("D-1"), read.unreadable().stream().map(u -> u.id()).toList(),
                "a stored document that no longer reads is an unreadable directive: consent stops (fail closed)");
        Envelope unreadable = envelope(consent("D-2"));
        Envelope withBrokenData = unreadable.withData(((ObjectNode) unreadable.data().deepCopy()).put("effect", "maybe"));
        assertThrows(IllegalArgumentException.class, () -> Filing.file(FamilyStore.documents(store, "F-1"),
                withBrokenData, T0, records, FamilyLimits.DEFAULT), "recording one that does not read is refused");
    }

    @Test
    void recordingTheThousandthDirectiveReadsAndWritesAsFewEntriesAsTheFirst() {
        file(DemoMessages.profile(AGENCY, "F-1"));
        Counting first = countingWhileFiling(consent("D-first"));
        for (int i = 0; i < 998; i++) {
            file(consent("D-" + i));
        }
        Counting thousandth = countingWhileFiling(consent("D-last"));

        assertEquals(1000, FamilyStore.documents(store, "F-1").header().inForce());
        assertEquals(first.gets.get(), thousandth.gets.get(), "point reads");
        assertEquals(0, thousandth.ranges.get(), "no range read of the family's documents");
        assertEquals(first.writes, thousandth.writes, "the document and the header");
        assertEquals(2, thousandth.writes);
    }

    /** The store reads and writes of filing one document. */
    private Counting countingWhileFiling(String cloudEvent) {
        Counting counting = new Counting(store);
        Filing.Filed filed = Filing.file(FamilyStore.documents(counting, "F-1"), envelope(cloudEvent), T0, records,
                FamilyLimits.DEFAULT);
        filed.writes().forEach(write -> store.put(write.key(), write.value()));
        counting.writes = filed.writes().size();
        return counting;
    }

    @Test
    void aDocumentPastTheFamilysLimitsIsRefusedAndOneThatKeepsItWithinIsTaken() {
        FamilyLimits three = new FamilyLimits(3, 1_000_000);
        file(DemoMessages.profile(AGENCY, "F-1"), three);
        file(consent("D-1"), three);
        file(consent("D-2"), three);
        file(DemoMessages.courtOrder(AGENCY, "F-1", "A-1", "riverside-clinic"), three);

        FamilyLimitExceeded refused = assertThrows(FamilyLimitExceeded.class, () -> file(consent("D-3"), three));
        assertTrue(refused.getMessage().contains("would have 4 documents in force; the hub keeps at most 3"), refused.getMessage());
        file(consent("D-2"), three); // an amendment keeps the count
        file(consent("D-3").replace("\"directiveId\": \"D-3\",", "\"directiveId\": \"D-3\", \"replaces\": \"D-1\","), three);
        file(revocation("D-2", T0), three);
        file(consent("D-4"), three);
        assertEquals(3, FamilyStore.documents(store, "F-1").header().inForce());

        long bytes = FamilyStore.documents(store, "F-1").header().bytes();
        FamilyLimits tight = new FamilyLimits(10, bytes + 10);
        assertThrows(FamilyLimitExceeded.class, () -> file(consent("D-5"), tight), "past the bytes limit");
    }

    @Test
    void aFamilyWrittenWholeBeforeThisLayoutIsReadAsItWasAndSplitWhenItNextRecords() throws Exception {
        FamilyFile.Filed d1 = new FamilyFile.Filed("D-1", data(consent("D-1")), AGENCY, "m-1", T0, null, null);
        FamilyFile.Filed d2 = new FamilyFile.Filed("D-2", data(consent("D-2")), AGENCY, "m-2", T0, T0, "m-3");
        FamilyFile old = new FamilyFile("F-1", data(DemoMessages.profile(AGENCY, "F-1")), List.of(d1, d2), List.of(),
                List.of("D-0"));
        store.put("F-1", Json.mapper().writeValueAsBytes(old));
        FamilyRecord before = records.read(FamilyStore.documents(store, "F-1"));
        assertEquals(List.of("D-1", "D-2"), before.directives().stream().map(d -> d.id()).toList());

        Filing.Filed filed = file(consent("D-3"));

        assertTrue(filed.writes().stream().anyMatch(w -> w.key().equals("F-1") && w.value() == null),
                "the whole file goes");
        assertEquals(null, store.get("F-1"));
        FamilyFile split = whole();
        assertEquals(List.of("D-1", "D-2", "D-3"), split.directives().stream().map(FamilyFile.Filed::id).toList());
        assertEquals(List.of("D-0"), split.revokedIds());
        assertEquals(old.profile(), split.profile());
        assertEquals(2, FamilyStore.documents(store, "F-1").header().inForce());
        assertThrows(IllegalStateException.class, () -> file(consent("D-0")), "still revoked long ago");
        assertThrows(IllegalStateException.class, () -> file(consent("D-2")), "still revoked");
    }

    @Test
    void aStoreWrittenWholeThatNoLongerReadsIsAFaultNotAnEmptyFamily() {
        store.put("F-1", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThrows(IllegalStateException.class, () -> FamilyStore.documents(store, "F-1"));
    }

    @Test
    void directivesNamingMorePeopleThanTheEngineNumbersAreRefused() {
        file(DemoMessages.profile(AGENCY, "F-1"));
        for (int i = 0; i < FamilyRecord.MAX_PEOPLE - 2; i++) {
            file(consent("D-" + i).replace("\"F-1-C1\"", "\"S-" + i + "\""));
        }
        assertThrows(IllegalArgumentException.class, () -> file(consent("D-x").replace("\"F-1-C1\"", "\"S-x\"")));
        file(consent("D-y"));
    }

    private static JsonNode data(String cloudEvent) throws Exception {
        return Json.mapper().readTree(cloudEvent).get("data");
    }

    /** Counts reads of a store: point reads, and range reads (the whole family's or one kind's). */
    private static final class Counting implements ReadOnlyKeyValueStore<String, byte[]> {
        final ReadOnlyKeyValueStore<String, byte[]> store;
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger ranges = new AtomicInteger();
        int writes;

        Counting(ReadOnlyKeyValueStore<String, byte[]> store) {
            this.store = store;
        }

        @Override
        public byte[] get(String key) {
            gets.incrementAndGet();
            return store.get(key);
        }

        @Override
        public KeyValueIterator<String, byte[]> range(String from, String to) {
            ranges.incrementAndGet();
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator<String, byte[]> all() {
            ranges.incrementAndGet();
            return store.all();
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }
    }

    @Test
    void theCountingStoreSeesRangeReads() {
        file(DemoMessages.profile(AGENCY, "F-1"));
        Counting counting = new Counting(store);
        records.read(FamilyStore.documents(counting, "F-1"));
        assertFalse(counting.ranges.get() == 0, "reading the record reads the family's documents");
    }
}
