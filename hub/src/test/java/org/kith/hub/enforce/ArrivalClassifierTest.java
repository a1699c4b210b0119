package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.webhook.DeliveryNotice;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/** Each kind of inbound record is read once into its kind of arrival, and what cannot be decided on says why. */
class ArrivalClassifierTest {

    private final Arrivals arrivals = new Arrivals();

    @Test
    void eachMessageTypeIsTheArrivalOfItsHandler() {
        assertInstanceOf(Arrival.FamilyDocument.class, arrivals.classify(DemoMessages.profile(Arrivals.AGENCY, "F-1")));
        assertInstanceOf(Arrival.FamilyDocument.class,
                arrivals.classify(DemoMessages.consent(Arrivals.AGENCY, "F-1", "D-1", Arrivals.CLINIC)));
        assertInstanceOf(Arrival.FamilyDocument.class, arrivals.classify(DemoMessages.revocation(Arrivals.AGENCY, "F-1", "D-1")));
        Arrival referral = arrivals.classify(DemoMessages.referral(Arrivals.AGENCY, "F-1", "R-1", Arrivals.CLINIC));
        assertInstanceOf(Arrival.ReferralMessage.class, referral);
        assertEquals("referral", referral.label());
        assertEquals(Arrivals.AGENCY, ((Arrival.Message) referral).sender().id());
        assertInstanceOf(Arrival.ReferralStatus.class,
                arrivals.classify(DemoMessages.referralStatus(Arrivals.CLINIC, "F-1", "R-1", "accepted", null)));
        assertInstanceOf(Arrival.OtherMessage.class,
                arrivals.classify(DemoMessages.treatmentProgressReport(Arrivals.CLINIC, "F-1", "P-1", Arrivals.AGENCY)));
    }

    @Test
    void aMessageTheCoreCannotDecideOnIsRejectedWithItsDeadLetterReason() {
        Inbound valid = arrivals.record(DemoMessages.referral(Arrivals.AGENCY, "F-1", "R-1", Arrivals.CLINIC));
        Inbound garbage = arrivals.inbound(new TestRecord<>("F-1", "not a cloud event".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), Arrivals.NOW));
        Inbound invalid = arrivals.inbound(new TestRecord<>("F-1", "{\"referralId\": 7}".getBytes(StandardCharsets.UTF_8),
                valid.headers(), Arrivals.NOW));
        Inbound misKeyed = arrivals.inbound(new TestRecord<>("F-2", valid.value(), valid.headers(), Arrivals.NOW));

        assertRejected(garbage, "unparseable", DeadLetter.UNPARSEABLE);
        Arrival.Rejected schema = assertRejected(invalid, "referral", DeadLetter.INVALID);
        assertFalse(schema.violations().isEmpty());
        assertRejected(misKeyed, "referral", DeadLetter.KEY_MISMATCH);
        assertRejected(arrivals.record(DemoMessages.referral("unregistered-agency", "F-1", "R-1", Arrivals.CLINIC)),
                "referral", DeadLetter.UNKNOWN_SENDER);
    }

    @Test
    void aValidMessageWhoseIdWasDecidedIsASecondCopyAndOnlyADecidedOrFiledMessageCountsAsDecided() {
        Inbound referral = arrivals.record(DemoMessages.referral(Arrivals.AGENCY, "F-1", "R-1", Arrivals.CLINIC));
        String id = Arrivals.messageId(referral);
        var classifier = new ArrivalClassifier(arrivals.validator, arrivals.partners,
                (messageId, timestamp) -> messageId.equals(id) && timestamp == referral.timestamp());
        Arrival.Duplicate twice = assertInstanceOf(Arrival.Duplicate.class, classifier.classify(referral));
        assertEquals("duplicate", twice.label());
        assertEquals(Arrivals.AGENCY, twice.sender().id());
        assertInstanceOf(Arrival.ReferralMessage.class, classifier.classify(
                arrivals.record(DemoMessages.referral(Arrivals.AGENCY, "F-1", "R-2", Arrivals.CLINIC))));

        Arrival first = arrivals.classifier.classify(referral);
        assertEquals(List.of(new Effect.Decided(id)),
                DecidedMessages.once(first, Effects.none()).ofKind(Effect.Decided.class), "decided: its id is kept");
        Effects setAside = Effects.of(new Effect.DeadLettered(null));
        assertEquals(List.of(), DecidedMessages.once(first, setAside).ofKind(Effect.Decided.class),
                "set aside: a corrected replay may still be decided");
        Inbound refusal = arrivals.notice(KithHeaders.REFUSAL, Arrivals.AGENCY,
                new RefusalNotice(Arrivals.AGENCY, "e-1", "bad-signature", "00").toJson());
        assertEquals(List.of(), DecidedMessages.once(arrivals.classifier.classify(refusal), Effects.none())
                .ofKind(Effect.Decided.class), "a notice is no message");
    }

    @Test
    void anEdgesNoticeIsToldByItsHeaderAndAnUnreadableOneIsRejected() {
        Inbound refusal = arrivals.notice(KithHeaders.REFUSAL, Arrivals.AGENCY,
                new RefusalNotice(Arrivals.AGENCY, "e-1", "bad-signature", "00").toJson());
        Inbound delivery = arrivals.notice(KithHeaders.DELIVERY, "F-1",
                new DeliveryNotice("d-1", "m-1", Arrivals.CLINIC, "webhook", "00", "k-1", null).toJson());
        Inbound change = arrivals.notice(KithHeaders.ADMIN_CHANGE, "admin:agreement", json(
                new LedgerEvent.AdminChange("ops", "replayed", "dead-letter", "kith.deadletter-0-4")));

        assertEquals("bad-signature", ((Arrival.EdgeRefusal) arrivals.classifier.classify(refusal)).notice().reason());
        assertEquals("d-1", ((Arrival.DeliveryReceipt) arrivals.classifier.classify(delivery)).notice().decisionId());
        assertEquals("replayed", ((Arrival.AdminChange) arrivals.classifier.classify(change)).change().action());
        java.util.Map.of(KithHeaders.REFUSAL, "refusal-notice", KithHeaders.DELIVERY, "delivery-receipt",
                KithHeaders.ADMIN_CHANGE, "admin-change").forEach((header, label) -> assertRejected(
                arrivals.notice(header, "k", "{".getBytes(StandardCharsets.UTF_8)), label, DeadLetter.UNPARSEABLE));
    }

    @Test
    void aRedeliveryIsToldByItsHeaderAndCarriesTheReleasedCopyAndItsRequest() {
        Inbound copy = arrivals.record(DemoMessages.referral(Arrivals.AGENCY, "F-1", "R-1", Arrivals.CLINIC));
        var request = new org.kith.hub.deadletter.Redelivery(Arrivals.CLINIC, "kith.deadletter.riverside-clinic/3", "d-2",
                "d-1", "ops-1");
        var headers = new RecordHeaders(copy.headers().toArray()).add(KithHeaders.REDELIVERY, request.toJson());
        var redelivery = assertInstanceOf(Arrival.Redelivery.class, arrivals.classifier.classify(
                arrivals.inbound(new TestRecord<>("F-1", copy.value(), headers, Arrivals.NOW))));
        assertEquals(request, redelivery.request());
        assertEquals("R-1", redelivery.copy().data().path("referralId").asText());
        assertEquals(Arrivals.AGENCY, redelivery.sender().orElseThrow().id());
        assertEquals("redelivery", redelivery.label());

        var unreadable = new RecordHeaders(copy.headers().toArray()).add(KithHeaders.REDELIVERY, new byte[] {'{'});
        assertRejected(arrivals.inbound(new TestRecord<>("F-1", copy.value(), unreadable, Arrivals.NOW)), "redelivery",
                DeadLetter.UNPARSEABLE);
        assertRejected(arrivals.inbound(new TestRecord<>("F-2", copy.value(), headers, Arrivals.NOW)), "redelivery",
                DeadLetter.KEY_MISMATCH);
    }

    private Arrival.Rejected assertRejected(Inbound in, String label, String reason) {
        Arrival.Rejected rejected = assertInstanceOf(Arrival.Rejected.class, arrivals.classifier.classify(in));
        assertEquals(reason, rejected.reason());
        assertEquals(label, rejected.label());
        return rejected;
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
