package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.webhook.DeliveryNotice;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.KithHeaders;

/** The edges' notices become ledger records (and, where the edge could not answer, a notice to the sender), never messages. */
class EdgeNoticeHandlersTest {

    private final Arrivals arrivals = new Arrivals();

    private Arrival.EdgeRefusal refusal(RefusalNotice notice) {
        return new Arrival.EdgeRefusal(arrivals.notice(KithHeaders.REFUSAL, notice.sender(), notice.toJson()), notice);
    }

    @Test
    void aRefusalIsALedgerRecordAndTheKafkaIngressSenderIsToldIfRegistered() {
        var handler = new EdgeRefusalHandler(arrivals.partners, Arrivals.CLOCK);

        Effects rest = handler.handle(refusal(new RefusalNotice(Arrivals.AGENCY, "e-1", "replayed", "00")));
        Effects kafka = handler.handle(refusal(new RefusalNotice(Arrivals.AGENCY, "e-2", "invalid", "00", RefusalNotice.KAFKA)));
        Effects stranger = handler.handle(refusal(new RefusalNotice("stranger", "e-3", "invalid", "00", RefusalNotice.KAFKA)));

        assertEquals(List.of(Effect.Ledger.class), kinds(rest));
        assertEquals("replayed", ((LedgerEvent.Refusal) rest.ofKind(Effect.Ledger.class).get(0).event()).reason());
        assertEquals(List.of(Effect.Ledger.class, Effect.Status.class), kinds(kafka));
        StatusNotice told = kafka.ofKind(Effect.Status.class).get(0).notice();
        assertEquals(StatusNotice.REFUSED, told.outcome());
        assertEquals("e-2", told.partnerEventId());
        assertEquals(List.of(Effect.Ledger.class), kinds(stranger));
    }

    @Test
    void aDeliveryReceiptIsADeliveryOrAFinalFailure() {
        var handler = new DeliveryReceiptHandler();
        var delivered = new DeliveryNotice("d-1", "m-1", Arrivals.CLINIC, "webhook", "ab", "k-1", null);

        Effects ok = handler.handle(new Arrival.DeliveryReceipt(arrivals.notice(KithHeaders.DELIVERY, "F-1",
                delivered.toJson()), delivered));
        Effects failed = handler.handle(new Arrival.DeliveryReceipt(arrivals.notice(KithHeaders.DELIVERY, "F-1",
                delivered.toJson()), delivered.failed("http-422")));

        assertInstanceOf(LedgerEvent.Delivery.class, ok.ofKind(Effect.Ledger.class).get(0).event());
        assertEquals("http-422", ((LedgerEvent.DeliveryFailed) failed.ofKind(Effect.Ledger.class).get(0).event()).reason());
    }

    @Test
    void anAdminChangeIsALedgerRecordAndAHistoryStepAtItsLedgerPosition() {
        var change = new LedgerEvent.AdminChange("ops", "updated", "agreement", "MOU-1");
        Inbound in = arrivals.notice(KithHeaders.ADMIN_CHANGE, "admin:agreement", new byte[0]);

        Effects effects = new AdminChangeHandler().handle(new Arrival.AdminChange(in, change));

        assertEquals(List.of(Effect.Ledger.class, Effect.History.class), kinds(effects));
        String key = effects.ofKind(Effect.History.class).get(0).key();
        assertEquals(EnforcementTopology.historyKey("agreement", "MOU-1", in.timestamp(), "0-" + in.offset()), key);
        assertTrue(effects.ofKind(Effect.History.class).get(0).entry().contains("\"at\""));
    }

    private static List<Class<?>> kinds(Effects effects) {
        return effects.all().stream().<Class<?>>map(Object::getClass).toList();
    }
}
