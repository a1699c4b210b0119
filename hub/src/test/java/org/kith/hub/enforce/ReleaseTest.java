package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.Agreement;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.rules.ConfigCodec;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * The shared release step without Kafka: per recipient, a signed copy or nothing, and in either
 * case a ledger decision, an accounting entry and a notice to the sender, in that order.
 */
class ReleaseTest {

    private final Arrivals arrivals = new Arrivals();
    private final Release release = new Release(new Dispatch(arrivals.partners),
            new Engines(Arrivals.CLOCK, Jurisdiction.example()),
            new SignedCopy(KeyRing.of(SigningKey.generate(new SecureRandom()), Arrivals.CLOCK)), Arrivals.CLOCK);
    private final FamilyDocumentHandler filing = new FamilyDocumentHandler(arrivals.families,
            new DeadLetters(Arrivals.CLOCK), Arrivals.CLOCK);
    private ConfigSnapshot config;

    @BeforeEach
    void partnership() throws Exception {
        Map<String, Agreement> agreements = new HashMap<>();
        ConfigPublisher.entries(Json.mapper().readTree(DemoMessages.partnership(Arrivals.AGENCY, Arrivals.CLINIC)))
                .forEach((key, value) -> {
                    if (key.startsWith(ConfigCodec.AGREEMENT)) {
                        Agreement agreement = ConfigCodec.agreement(value);
                        agreements.put(agreement.id(), agreement);
                    }
                });
        config = new ConfigSnapshot(agreements, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    private Release.Result referral(String familyId, String recipient) {
        var message = (Arrival.Message) arrivals.classify(DemoMessages.referral(Arrivals.AGENCY, familyId, "R-1", recipient));
        return release.release(message, arrivals.families.record(familyId), config, Set.of());
    }

    @Test
    void aPermittedRecipientGetsASignedCopyNamedByTheDecisionTheLedgerAndTheAccountingRecord() {
        arrivals.keep(filing.handle((Arrival.FamilyDocument) arrivals.classify(DemoMessages.profile(Arrivals.AGENCY, "F-1"))));
        arrivals.keep(filing.handle((Arrival.FamilyDocument) arrivals.classify(
                DemoMessages.consent(Arrivals.AGENCY, "F-1", "D-1", Arrivals.CLINIC))));

        Release.Result result = referral("F-1", Arrivals.CLINIC);

        assertEquals(List.of(Effect.Copy.class, Effect.Ledger.class, Effect.Accounting.class, Effect.Status.class),
                kinds(result.effects()));
        assertEquals(Set.of(Arrivals.CLINIC), result.copiedTo());
        Effect.Copy copy = result.effects().ofKind(Effect.Copy.class).get(0);
        var decision = (LedgerEvent.Decision) result.effects().ofKind(Effect.Ledger.class).get(0).event();
        assertEquals("permit", decision.outcome());
        assertEquals(decision.decisionId(), header(copy, KithHeaders.DECISION_ID));
        assertEquals(Arrivals.CLINIC, header(copy, KithHeaders.RECIPIENT));
        assertNotNull(copy.headers().lastHeader(KithHeaders.SIGNATURE));
        assertTrue(result.effects().ofKind(Effect.Accounting.class).get(0).key().startsWith("F-1|"));
        assertEquals(StatusNotice.FORWARDED, result.effects().ofKind(Effect.Status.class).get(0).notice().outcome());
    }

    @Test
    void withoutConsentNothingIsCopiedAndTheDenialIsCountedRecordedAndToldToTheSender() {
        Release.Result result = referral("F-2", Arrivals.CLINIC);

        assertEquals(List.of(Effect.WithheldCounted.class, Effect.Ledger.class, Effect.Accounting.class,
                Effect.Status.class), kinds(result.effects()));
        assertTrue(result.copiedTo().isEmpty());
        assertEquals("deny", ((LedgerEvent.Decision) result.effects().ofKind(Effect.Ledger.class).get(0).event()).outcome());
        Effect.Status notice = result.effects().ofKind(Effect.Status.class).get(0);
        assertEquals(Arrivals.AGENCY, notice.partner());
        assertEquals(StatusNotice.WITHHELD, notice.notice().outcome());
    }

    @Test
    void anAddresseeThatIsNoPartnerIsWithheldAsUnknown() {
        Release.Result result = referral("F-1", "nobody-registered");

        assertEquals("unknown-recipient", result.effects().ofKind(Effect.WithheldCounted.class).get(0).reason());
        assertEquals(List.of(new Release.Released("nobody-registered", false, List.of())), result.recipients());
    }

    @Test
    void aRedeliveryIsDecidedAgainForItsOneRecipientUnderItsOwnDecisionIdAndMarkedAsARedelivery() {
        arrivals.keep(filing.handle((Arrival.FamilyDocument) arrivals.classify(DemoMessages.profile(Arrivals.AGENCY, "F-3"))));
        arrivals.keep(filing.handle((Arrival.FamilyDocument) arrivals.classify(
                DemoMessages.consent(Arrivals.AGENCY, "F-3", "D-3", Arrivals.CLINIC))));
        Effect.Copy released = referral("F-3", Arrivals.CLINIC).effects().ofKind(Effect.Copy.class).get(0);
        var request = new org.kith.hub.deadletter.Redelivery(Arrivals.CLINIC, "kith.deadletter.riverside-clinic/0",
                "d-again", header(released, KithHeaders.DECISION_ID), "ops-1");

        Release.Result permitted = release.redeliver(redelivery(released, request), arrivals.families.record("F-3"), config);
        Effect.Copy again = permitted.effects().ofKind(Effect.Copy.class).get(0);
        assertEquals(header(released, "ce_id"), header(again, "ce_id"), "the same message id, so the same Idempotency-Key");
        assertEquals("d-again", header(again, KithHeaders.DECISION_ID));
        var decision = (LedgerEvent.Decision) permitted.effects().ofKind(Effect.Ledger.class).get(0).event();
        assertEquals(request.ledgerMark(), decision.redeliveryOf());
        assertEquals(Set.of(Arrivals.CLINIC), permitted.copiedTo());

        arrivals.keep(filing.handle((Arrival.FamilyDocument) arrivals.classify(
                DemoMessages.revocation(Arrivals.AGENCY, "F-3", "D-3"))));
        Release.Result withheld = release.redeliver(redelivery(released, request), arrivals.families.record("F-3"), config);
        assertTrue(withheld.effects().ofKind(Effect.Copy.class).isEmpty(), "nothing is sent");
        var denied = (LedgerEvent.Decision) withheld.effects().ofKind(Effect.Ledger.class).get(0).event();
        assertEquals("deny", denied.outcome());
        assertEquals("d-again", denied.decisionId());
        assertEquals(request.ledgerMark(), denied.redeliveryOf());
    }

    /** The released copy as the dead-letter tools send it back into the family's stream. */
    private Arrival.Redelivery redelivery(Effect.Copy released, org.kith.hub.deadletter.Redelivery request) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        released.headers().forEach(h -> {
            if (h.key().startsWith("ce_") || h.key().equals("content-type")) {
                headers.add(h);
            }
        });
        headers.add(KithHeaders.REDELIVERY, request.toJson());
        return (Arrival.Redelivery) arrivals.classifier.classify(arrivals.inbound(
                new org.apache.kafka.streams.test.TestRecord<>(released.familyId(), released.value(), headers, Arrivals.NOW)));
    }

    private static List<Class<?>> kinds(Effects effects) {
        return effects.all().stream().<Class<?>>map(Object::getClass).toList();
    }

    private static String header(Effect.Copy copy, String name) {
        return new String(copy.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
