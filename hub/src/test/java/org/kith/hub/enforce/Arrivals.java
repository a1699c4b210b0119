package org.kith.hub.enforce;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.family.FamilyStore;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.testing.ConsentStores;
import org.kith.hub.testing.IngressRecords;
import org.kith.schemas.Envelope;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.SubmissionValidator;

/**
 * Arrivals for the handler tests, without Kafka: inbound records as the ingress writes them, read
 * by the real classifier, and a consent store (Kafka Streams' in-memory one) the test fills from
 * the effects it gets back.
 */
final class Arrivals {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String AGENCY = "county-cw";
    static final String CLINIC = "riverside-clinic";
    static final String SCHOOL = "lincoln-elementary";
    static final String INBOUND = "kith.inbound";

    final SubmissionValidator validator = new SubmissionValidator();
    final PartnerRegistry partners = new PartnerRegistry(List.of(
            new Partner(AGENCY, PartnerKind.CHILD_WELFARE, "County", null, Optional.empty()),
            new Partner(CLINIC, PartnerKind.MENTAL_HEALTH, "Clinic", null, Optional.empty()),
            new Partner(SCHOOL, PartnerKind.SCHOOL, "School", null, Optional.empty())));
    final ArrivalClassifier classifier = new ArrivalClassifier(validator, partners);
    final KeyValueStore<String, byte[]> consent = ConsentStores.inMemory();
    final FamilyRecords records = new FamilyRecords(Jurisdiction.example());
    final FamilyReader families = new FamilyReader(id -> FamilyStore.documents(consent, id), records,
            FamilyLimits.DEFAULT);
    private long offset;
    private int messages;

    /** The inbound record of a valid test CloudEvent, keyed by its family, at the next offset. */
    Inbound record(String cloudEvent) {
        Envelope envelope = IngressRecords.accept(validator, cloudEvent, "m-" + (++messages), NOW);
        return inbound(IngressRecords.record(envelope.familyid(), envelope, NOW));
    }

    Inbound inbound(TestRecord<String, byte[]> record) {
        return new Inbound(record.key(), record.value(), record.headers(), record.timestamp(), INBOUND, 0,
                offset++);
    }

    /** A record with one marker header (an edge's notice) and this value. */
    Inbound notice(String header, String key, byte[] value) {
        var headers = new RecordHeaders().add(header, "1".getBytes(StandardCharsets.UTF_8));
        return inbound(new TestRecord<>(key, value, headers, NOW));
    }

    /** The message id ({@code ce_id}) of an inbound record. */
    static String messageId(Inbound in) {
        return new String(in.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    Arrival classify(String cloudEvent) {
        return classifier.classify(record(cloudEvent));
    }

    /** The family's file as the store holds it now, read whole; empty if nothing was recorded. */
    Optional<FamilyFile> file(String familyId) {
        return FamilyStore.file(consent, familyId);
    }

    /** Keeps what a handler filed, as the writer would. */
    Effects keep(Effects effects) {
        effects.ofKind(Effect.FamilyFiled.class).forEach(filed ->
                filed.writes().forEach(write -> consent.put(write.key(), write.value())));
        return effects;
    }
}
