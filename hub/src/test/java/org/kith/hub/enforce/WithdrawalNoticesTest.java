package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.Agreement;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.ledger.Accounting;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.rules.ConfigCodec;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * A revocation tells the partners that received copies under the directive, from the family's
 * accounting entries, once: not one that was refused a copy, not one told before, not one that
 * received only under another directive.
 */
class WithdrawalNoticesTest {

    private static final String FAMILY = "F-1";

    private final Arrivals arrivals = new Arrivals();
    /** The family's accounting store, as the writer keeps it. */
    private final TreeMap<String, String> accounting = new TreeMap<>();
    private final SignedCopy copies = new SignedCopy(KeyRing.of(SigningKey.generate(new SecureRandom()), Arrivals.CLOCK));
    private final Release release = new Release(new Dispatch(arrivals.partners),
            new Engines(Arrivals.CLOCK, Jurisdiction.example()), copies, Arrivals.CLOCK);
    private final FamilyDocumentHandler filing = new FamilyDocumentHandler(arrivals.families,
            new DeadLetters(Arrivals.CLOCK), new BreakGlass(Optional.empty()),
            new WithdrawalNotices(familyId -> accounting.subMap(familyId + "|", familyId + "|~").values().stream()
                    .map(WithdrawalNoticesTest::json).toList(), arrivals.partners, copies), Arrivals.CLOCK);
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
        file(DemoMessages.profile(Arrivals.AGENCY, FAMILY));
        file(DemoMessages.consent(Arrivals.AGENCY, FAMILY, "D-1", Arrivals.CLINIC));
        file(DemoMessages.consent(Arrivals.AGENCY, FAMILY, "D-2", Arrivals.SCHOOL));
    }

    private Effects file(String cloudEvent) {
        return kept(filing.handle((Arrival.FamilyDocument) arrivals.classify(cloudEvent)));
    }

    /** Keeps the consent file's and the accounting's writes, as the writer would. */
    private Effects kept(Effects effects) {
        arrivals.keep(effects);
        effects.ofKind(Effect.Accounting.class).forEach(entry -> accounting.put(entry.key(), entry.entry()));
        return effects;
    }

    private void referral(String referralId, String... recipients) {
        var message = (Arrival.Message) arrivals.classify(
                DemoMessages.referral(Arrivals.AGENCY, FAMILY, referralId, String.join(",", recipients)));
        kept(release.release(message, arrivals.families.record(FAMILY), config, Set.of()).effects());
    }

    @Test
    void theRecipientOfCopiesUnderTheDirectiveIsToldOnceWithTheCopiesItReceived() {
        referral("R-1", Arrivals.CLINIC, Arrivals.SCHOOL);
        referral("R-2", Arrivals.CLINIC);

        Effects revoked = file(DemoMessages.revocation(Arrivals.AGENCY, FAMILY, "D-1"));

        List<Effect.Copy> notices = revoked.ofKind(Effect.Copy.class);
        assertEquals(1, notices.size(), revoked.toString());
        Effect.Copy notice = notices.get(0);
        assertEquals(Arrivals.CLINIC, notice.recipient());
        assertEquals(WithdrawalNotices.TYPE, header(notice, "ce_type"));
        assertEquals("D-1", header(notice, KithHeaders.BASIS));
        assertTrue(notice.headers().lastHeader(KithHeaders.SIGNATURE) != null, "signed like a copy");
        JsonNode data = json(new String(notice.value(), StandardCharsets.UTF_8));
        assertEquals(List.of(), arrivals.validator.validateConsentWithdrawn(data));
        assertEquals(2, data.get("disclosures").size(), data.toString());
        assertEquals("2026-11-20T09:00:00Z", data.get("withdrawnFrom").asText());
        assertEquals(header(notice, "ce_id"), data.get("noticeId").asText());
        assertEquals(header(notice, KithHeaders.DECISION_ID), data.get("noticeId").asText());

        var told = revoked.ofKind(Effect.Ledger.class).stream().map(Effect.Ledger::event)
                .filter(LedgerEvent.ConsentWithdrawn.class::isInstance).map(LedgerEvent.ConsentWithdrawn.class::cast).toList();
        assertEquals(1, told.size());
        assertEquals(List.of(FAMILY + "-C1"), told.get(0).subjects());
        assertEquals(LedgerEvent.ConsentWithdrawn.SENT, told.get(0).sent());

        assertEquals(List.of(), file(DemoMessages.revocation(Arrivals.AGENCY, FAMILY, "D-1")).ofKind(Effect.Copy.class),
                "a second revocation tells no one again");
    }

    @Test
    void noOneIsToldOfADirectiveTheyReceivedNothingUnder() {
        referral("R-1", Arrivals.CLINIC, Arrivals.SCHOOL);

        Effects revoked = file(DemoMessages.revocation(Arrivals.AGENCY, FAMILY, "D-2"));

        assertEquals(List.of(), revoked.ofKind(Effect.Copy.class), "the school was refused; the clinic received under D-1");
        assertEquals(List.of(), revoked.ofKind(Effect.Ledger.class).stream()
                .filter(l -> l.event() instanceof LedgerEvent.ConsentWithdrawn).toList());
    }

    @Test
    void theAccountingShowsTheNoticeInWords() {
        referral("R-1", Arrivals.CLINIC);
        file(DemoMessages.revocation(Arrivals.AGENCY, FAMILY, "D-1"));

        List<JsonNode> records = new ArrayList<>();
        accounting.values().forEach(text -> records.add(json(text)));
        List<Accounting.Entry> entries = Accounting.of(FAMILY, Optional.of(FAMILY + "-C1"), records);

        Accounting.Entry notice = entries.get(entries.size() - 1);
        assertEquals("consent-withdrawn", notice.messageType());
        assertEquals(Accounting.NOTIFIED, notice.outcome());
        assertEquals(Arrivals.CLINIC, notice.recipient());
        assertEquals(List.of("directive:D-1"), notice.basis());
        assertEquals("On 2026-11-23 riverside-clinic was told that consent directive D-1 was withdrawn from "
                + "2026-11-20T09:00:00Z: it may no longer pass on what it received under it (1 copy), nor keep using "
                + "it on that basis.", notice.sentence());
    }

    private static String header(Effect.Copy copy, String name) {
        return new String(copy.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
