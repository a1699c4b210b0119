package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.family.FamilyLimitExceeded;
import org.kith.hub.family.FamilyLimits;
import org.kith.hub.ledger.LedgerEvent;

/** A consent document becomes the family's next file, a ledger entry, a history step and a notice, or nothing but a dead letter. */
class FamilyDocumentHandlerTest {

    private final Arrivals arrivals = new Arrivals();
    private final FamilyDocumentHandler handler = new FamilyDocumentHandler(arrivals.families,
            new DeadLetters(Arrivals.CLOCK), Arrivals.CLOCK);

    private Effects file(String cloudEvent) {
        return arrivals.keep(handler.handle((Arrival.FamilyDocument) arrivals.classify(cloudEvent)));
    }

    @Test
    void aRecordedDocumentIsTheNextFileItsLedgerEntryItsHistoryAndANoticeInThatOrder() {
        file(DemoMessages.profile(Arrivals.AGENCY, "F-1"));
        Effects effects = file(DemoMessages.consent(Arrivals.AGENCY, "F-1", "D-1", Arrivals.CLINIC));

        assertEquals(List.of(Effect.FamilyFiled.class, Effect.Ledger.class, Effect.History.class, Effect.Status.class),
                effects.all().stream().map(Object::getClass).toList());
        assertEquals("D-1", ((LedgerEvent.ConsentRecorded) effects.ofKind(Effect.Ledger.class).get(0).event()).documentId());
        assertTrue(effects.ofKind(Effect.History.class).get(0).key().startsWith("directive:F-1/D-1|"));
        Effect.Status notice = effects.ofKind(Effect.Status.class).get(0);
        assertEquals(Arrivals.AGENCY, notice.partner());
        assertEquals(StatusNotice.RECORDED, notice.notice().outcome());
        assertTrue(arrivals.file("F-1").orElseThrow().directives().stream().anyMatch(d -> d.id().equals("D-1")));
    }

    @Test
    void aPartnerThatMayNotRecordConsentFilesNothing() {
        Effects effects = file(DemoMessages.consent(Arrivals.SCHOOL, "F-1", "D-1", Arrivals.CLINIC));

        assertEquals(List.of(Effect.DeadLettered.class, Effect.Ledger.class),
                effects.all().stream().map(Object::getClass).toList());
        assertEquals(DeadLetter.NOT_AUTHORISED, effects.ofKind(Effect.DeadLettered.class).get(0).letter().reason());
        assertTrue(arrivals.file("F-1").isEmpty());
    }

    @Test
    void aDocumentTheFileCannotTakeIsRefusedWithANoticeAndTheFileStaysAsItWas() {
        file(DemoMessages.profile(Arrivals.AGENCY, "F-1"));
        var before = arrivals.file("F-1");
        Effects effects = file(DemoMessages.revocation(Arrivals.AGENCY, "F-1", "D-404"));

        assertEquals(List.of(Effect.DeadLettered.class, Effect.Ledger.class, Effect.Status.class),
                effects.all().stream().map(Object::getClass).toList());
        Effect.DeadLettered letter = effects.ofKind(Effect.DeadLettered.class).get(0);
        assertEquals(DeadLetter.REFUSED, letter.letter().reason());
        assertEquals(Arrivals.INBOUND, letter.letter().sourceTopic());
        assertEquals(StatusNotice.REFUSED, effects.ofKind(Effect.Status.class).get(0).notice().outcome());
        assertEquals(before, arrivals.file("F-1"));
    }

    @Test
    void aDocumentPastTheFamilysLimitsIsRefusedToItsSenderAndNotSetAside() {
        var limited = new FamilyDocumentHandler(new FamilyReader(arrivals.families.source(), arrivals.records,
                new FamilyLimits(1, 1_000_000)), new DeadLetters(Arrivals.CLOCK), Arrivals.CLOCK);
        arrivals.keep(limited.handle((Arrival.FamilyDocument) arrivals.classify(
                DemoMessages.consent(Arrivals.AGENCY, "F-1", "D-1", Arrivals.CLINIC))));
        Effects effects = arrivals.keep(limited.handle((Arrival.FamilyDocument) arrivals.classify(
                DemoMessages.consent(Arrivals.AGENCY, "F-1", "D-2", Arrivals.CLINIC))));

        assertEquals(List.of(Effect.Ledger.class, Effect.Status.class),
                effects.all().stream().map(Object::getClass).toList(), "no dead letter: nothing to fix and replay");
        assertEquals(FamilyLimitExceeded.REASON,
                ((LedgerEvent.Refusal) effects.ofKind(Effect.Ledger.class).get(0).event()).reason());
        StatusNotice notice = effects.ofKind(Effect.Status.class).get(0).notice();
        assertEquals(StatusNotice.REFUSED, notice.outcome());
        assertTrue(notice.reason().startsWith(FamilyLimitExceeded.REASON + ": the family would have 2 documents in force"),
                notice.reason());
        assertEquals(List.of("D-1"), arrivals.file("F-1").orElseThrow().directives().stream()
                .map(d -> d.id()).toList());
    }
}
