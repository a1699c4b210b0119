package org.kith.hub.enforce;

import java.time.Clock;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.hub.config.Partners;
import org.kith.hub.ledger.LedgerEvent;

/**
 * A refusal notice of an ingress (a message refused for its signature or as a replay at the REST
 * ingress; for any reason at the Kafka ingress): a ledger refusal, never a message. An ingress
 * that could not answer its sender names its channel, and a registered sender is then told on its
 * status topic.
 */
final class EdgeRefusalHandler {

    private final Partners partners;
    private final Clock clock;

    EdgeRefusalHandler(Partners partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    Effects handle(Arrival.EdgeRefusal arrival) {
        RefusalNotice notice = arrival.notice();
        Effects out = Effects.none().ledger(new LedgerEvent.Refusal(notice.sender(), notice.partnerEventId(),
                notice.reason(), notice.bodySha256()));
        if (notice.channel() != null && partners.find(notice.sender()).isPresent()) {
            out.status(arrival.inbound().key(), notice.sender(),
                    StatusNotice.refusedAtEdge(notice.partnerEventId(), notice.reason(), clock.instant()));
        }
        return out;
    }
}
