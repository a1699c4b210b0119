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

        // the notice and the copy were recorded at the same instant (a fixed clock): found by its type, not its place
        Accounting.Entry notice = entries.stream().filter(e -> e.messageType().equals("consent-withdrawn")).findFirst()
                .orElseThrow();
        assertEquals("consent-withdrawn", notice.messageType());
        assertEquals(Accounting.NOTIFIED, notice.outcome());
        assertEquals(Arrivals.CLINIC, notice.recipient());
        assertEquals(List.of("directive:D-1"), notice.basis());
        assertEquals("On 2026-11-23 riverside-clinic was told that consent directive D-1 was withdrawn from "
                + "2026-11-20T09:00:00Z: it may no longer pass on what it received under it (1 copy), nor keep using "
                + "it on that basis.", notice.sentence());
    }

    /** The clinic and the school both under agreements, and family F-2's directive D-5 naming both. */
    private void bothPartnersUnderD5() throws Exception {
        Map<String, Agreement> agreements = new HashMap<>();
        ConfigPublisher.entries(Json.mapper().readTree(DemoMessages.partnership(Arrivals.AGENCY, Arrivals.CLINIC,
                Arrivals.SCHOOL))).forEach((key, value) -> {
                    if (key.startsWith(ConfigCodec.AGREEMENT)) {
                        Agreement agreement = ConfigCodec.agreement(value);
                        agreements.put(agreement.id(), agreement);
                    }
                });
        config = new ConfigSnapshot(agreements, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        file(DemoMessages.profile(Arrivals.AGENCY, "F-2"));
        file(DemoMessages.consent(Arrivals.AGENCY, "F-2", "D-5", Arrivals.CLINIC + "\", \"" + Arrivals.SCHOOL));
        var message = (Arrival.Message) arrivals.classify(DemoMessages.referral(Arrivals.AGENCY, "F-2", "R-5",
                Arrivals.CLINIC + "," + Arrivals.SCHOOL));
        Effects released = kept(release.release(message, arrivals.families.record("F-2"), config, Set.of()).effects());
        assertEquals(2, released.ofKind(Effect.Copy.class).size(), "both received R-5 under D-5");
    }

    /** A directive of family F-2 replacing D-5: {@code recipients} and {@code categories} as JSON array bodies. */
    private static String replacing(String directiveId, String recipients, String categories) {
        return DemoMessages.consent(Arrivals.AGENCY, "F-2", directiveId, Arrivals.CLINIC)
                .replace("\"directiveId\": \"" + directiveId + "\",", "\"directiveId\": \"" + directiveId
                        + "\", \"replaces\": \"D-5\",")
                .replace("\"recipients\": [\"" + Arrivals.CLINIC + "\"]", "\"recipients\": [" + recipients + "]")
                .replace("\"categories\": [\"administrative\", \"service\", \"identity\"]",
                        "\"categories\": [" + categories + "]");
    }

    private static List<LedgerEvent.ConsentWithdrawn> told(Effects effects) {
        return effects.ofKind(Effect.Ledger.class).stream().map(Effect.Ledger::event)
                .filter(LedgerEvent.ConsentWithdrawn.class::isInstance).map(LedgerEvent.ConsentWithdrawn.class::cast)
                .toList();
    }

    @Test
    void aReplacementThatDropsARecipientTellsThatRecipientAloneWhatItLost() throws Exception {
        bothPartnersUnderD5();

        Effects replaced = file(replacing("D-6", "\"" + Arrivals.CLINIC + "\"",
                "\"administrative\", \"service\", \"identity\""));

        List<Effect.Copy> notices = replaced.ofKind(Effect.Copy.class);
        assertEquals(List.of(Arrivals.SCHOOL), notices.stream().map(Effect.Copy::recipient).toList(),
                "the clinic is still covered for all it received");
        JsonNode data = json(new String(notices.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(List.of(), arrivals.validator.validateConsentWithdrawn(data));
        assertEquals("D-5", data.get("directiveId").asText());
        assertEquals("D-6", data.get("replacedBy").asText());
        assertEquals(Arrivals.NOW.toString(), data.get("withdrawnFrom").asText(), "it ends as the new one is recorded");
        assertEquals(List.of("administrative", "identity", "service"), texts(data.get("categories")));
        assertEquals(1, data.get("disclosures").size());
        assertEquals(List.of("D-6"), told(replaced).stream().map(LedgerEvent.ConsentWithdrawn::replacedBy).toList());
    }

    @Test
    void aReplacementThatDropsACategoryTellsEachRecipientOfItThatCategory() throws Exception {
        bothPartnersUnderD5();

        Effects replaced = file(replacing("D-6", "\"" + Arrivals.CLINIC + "\", \"" + Arrivals.SCHOOL + "\"",
                "\"administrative\", \"service\""));

        List<LedgerEvent.ConsentWithdrawn> told = told(replaced);
        assertEquals(List.of(Arrivals.SCHOOL, Arrivals.CLINIC), told.stream().map(LedgerEvent.ConsentWithdrawn::recipient)
                .sorted().toList());
        told.forEach(notice -> assertEquals(List.of("identity"), notice.categories()));
        assertEquals(2, replaced.ofKind(Effect.Copy.class).size());

        List<JsonNode> records = new ArrayList<>();
        accounting.values().forEach(text -> records.add(json(text)));
        Accounting.Entry entry = Accounting.of("F-2", Optional.empty(), records).stream()
                .filter(e -> e.messageType().equals("consent-withdrawn") && e.recipient().equals(Arrivals.SCHOOL))
                .findFirst().orElseThrow();
        assertEquals("On 2026-11-23 lincoln-elementary was told that consent directive D-5 was replaced by D-6, which no "
                + "longer covers identity for it, from 2026-11-23T10:00:00Z: it may no longer pass on what it received "
                + "under it (1 copy), nor keep using it on that basis.", entry.sentence());
    }

    @Test
    void aReplacementCoveringAllThatWasReceivedTellsNoOneAndItsRevocationTellsThoseItCarried() throws Exception {
        bothPartnersUnderD5();

        assertEquals(List.of(), told(file(replacing("D-6", "\"" + Arrivals.CLINIC + "\", \"" + Arrivals.SCHOOL + "\"",
                "\"administrative\", \"service\", \"identity\", \"contact\""))), "nothing was withdrawn");

        Effects revoked = file(DemoMessages.revocation(Arrivals.AGENCY, "F-2", "D-6"));

        assertEquals(List.of(Arrivals.SCHOOL, Arrivals.CLINIC), told(revoked).stream()
                .map(LedgerEvent.ConsentWithdrawn::recipient).sorted().toList(),
                "what they received under D-5 was carried on by D-6 until it was revoked");
        told(revoked).forEach(notice -> assertEquals("D-6", notice.directiveId()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
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
