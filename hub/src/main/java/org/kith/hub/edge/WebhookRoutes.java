package org.kith.hub.edge;

import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.kith.connectors.webhook.BodySigner;
import org.kith.connectors.webhook.DeliveryEvents;
import org.kith.connectors.webhook.WebhookEgressRoutes;
import org.kith.hub.config.Partner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook egress route per partner that receives by webhook, kept in step with the registered
 * partners: a partner registered with a webhook gets its route, one whose webhook changed gets a
 * new one, one removed (or no longer receiving by webhook) loses it. Deliveries resume from the
 * route's committed offset, so nothing released is lost across the change.
 */
final class WebhookRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);

    private final CamelContext camel;
    private final Endpoints endpoints;
    private final BodySigner signer;
    private final DeliveryEvents events;
    private final WebhookEgressRoutes.Breaker breaker;
    private final Clock clock;
    private final Map<String, URI> running = new HashMap<>();

    WebhookRoutes(CamelContext camel, Endpoints endpoints, BodySigner signer, DeliveryEvents events,
                  WebhookEgressRoutes.Breaker breaker, Clock clock) {
        this.breaker = breaker;
        this.clock = clock;
        this.camel = camel;
        this.endpoints = endpoints;
        this.signer = signer;
        this.events = events;
    }

    synchronized void reconcile(Collection<Partner> partners) {
        Map<String, URI> wanted = new HashMap<>();
        partners.forEach(partner -> partner.webhook().ifPresent(url -> wanted.put(partner.id(), url)));
        for (var entry : Map.copyOf(running).entrySet()) {
            if (!entry.getValue().equals(wanted.get(entry.getKey()))) {
                remove(entry.getKey());
            }
        }
        wanted.forEach((id, url) -> {
            if (!running.containsKey(id)) {
                add(id, url);
            }
        });
    }

    private void add(String partnerId, URI url) {
        try {
            var uris = new WebhookEgressRoutes.Uris(endpoints.outboundForWebhook(partnerId), endpoints.webhook(url),
                    endpoints.inbound(), endpoints.webhookDeadLetter(partnerId));
            camel.addRoutes(new WebhookEgressRoutes(partnerId, uris, WebhookEgressRoutes.Retry.DEFAULT, breaker, signer,
                    events, clock));
            running.put(partnerId, url);
            LOG.info("Webhook route for partner {} started", partnerId);
        } catch (Exception e) {
            LOG.error("Webhook route for partner {} could not start: {}", partnerId, e.getClass().getName());
        }
    }

    private void remove(String partnerId) {
        String routeId = WebhookEgressRoutes.routeId(partnerId);
        try {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
            running.remove(partnerId);
            LOG.info("Webhook route for partner {} stopped", partnerId);
        } catch (Exception e) {
            LOG.error("Webhook route for partner {} could not stop: {}", partnerId, e.getClass().getName());
        }
    }
}
