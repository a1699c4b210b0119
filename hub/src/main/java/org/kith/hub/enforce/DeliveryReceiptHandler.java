package org.kith.hub.enforce;

import org.kith.connectors.webhook.DeliveryNotice;
import org.kith.hub.ledger.LedgerEvent;

/**
 * A webhook route's notice: the partner's endpoint took the copy (a ledger delivery) or refused it
 * for good (a ledger final failure). Ids, hashes and codes, never a message.
 */
final class DeliveryReceiptHandler {

    Effects handle(Arrival.DeliveryReceipt arrival) {
        DeliveryNotice notice = arrival.notice();
        return Effects.none().ledger(notice.failure() != null
                ? new LedgerEvent.DeliveryFailed(notice.decisionId(), notice.messageId(), notice.recipient(),
                        notice.channel(), notice.bodySha256(), notice.kid(), notice.failure())
                : new LedgerEvent.Delivery(notice.decisionId(), notice.messageId(), notice.recipient(),
                        notice.channel(), notice.bodySha256(), notice.kid()));
    }
}
