package org.kith.hub.edge;

import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import org.apache.camel.CamelContext;
import org.kith.connectors.webhook.BodySigner;
import org.kith.connectors.webhook.DeliveryEvents;
import org.kith.connectors.webhook.WebhookEgressRoutes;
import org.kith.hub.config.Partner;

/**
 * One webhook egress route per partner that receives by webhook, kept in step with the registered
 * partners ({@link PartnerRoutes}): a partner registered with a webhook gets its route, one whose
 * webhook changed gets a new one, one removed (or no longer receiving by webhook) loses it.
 * Deliveries resume from the route's committed offset, so nothing released is lost across the change.
 */
final class WebhookRoutes {

    private final PartnerRoutes<URI> routes;

    WebhookRoutes(CamelContext camel, Endpoints endpoints, BodySigner signer, DeliveryEvents events,
                  WebhookEgressRoutes.Breaker breaker, Clock clock) {
        this.routes = new PartnerRoutes<>("Webhook route", camel, Partner::webhook, (partnerId, url) ->
                new WebhookEgressRoutes(partnerId, new WebhookEgressRoutes.Uris(endpoints.outboundForWebhook(partnerId),
                        endpoints.webhook(url), endpoints.inbound(), endpoints.webhookDeadLetter(partnerId)),
                        WebhookEgressRoutes.Retry.DEFAULT, breaker, signer, events, clock));
    }

    void reconcile(Collection<Partner> partners) {
        routes.reconcile(partners);
    }
}
