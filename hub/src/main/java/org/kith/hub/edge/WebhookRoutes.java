package org.kith.hub.edge;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.kith.connectors.webhook.BodySigner;
import org.kith.connectors.webhook.DeliveryEvents;
import org.kith.connectors.webhook.WebhookEgressRoutes;
import org.kith.connectors.webhook.WebhookFormat;
import org.kith.hub.config.Partner;
import org.kith.hub.fhir.FhirR4;
import org.kith.hub.fhir.FhirReferrals;
import org.kith.hub.fhir.FhirTasks;
import org.kith.schemas.MessageType;

/**
 * One webhook egress route per partner that receives by webhook, kept in step with the registered
 * partners ({@link PartnerRoutes}): a partner registered with a webhook gets its route, one whose
 * webhook or format changed gets a new one, one removed (or no longer receiving by webhook) loses it.
 * Deliveries resume from the route's committed offset, so nothing released is lost across the change.
 * A partner whose format is {@code fhir-r4} receives referrals as FHIR Bundles and referral statuses
 * as FHIR Tasks, everything else (and what FHIR does not carry) as the CloudEvent.
 */
final class WebhookRoutes {

    private record Settings(URI url, Partner.Format format) {
    }

    private final PartnerRoutes<Settings> routes;

    WebhookRoutes(CamelContext camel, Endpoints endpoints, BodySigner signer, DeliveryEvents events,
                  WebhookEgressRoutes.Breaker breaker, Clock clock) {
        this.routes = new PartnerRoutes<>("Webhook route", camel,
                partner -> partner.webhook().map(url -> new Settings(url, partner.format())), (partnerId, settings) ->
                new WebhookEgressRoutes(partnerId, new WebhookEgressRoutes.Uris(endpoints.outboundForWebhook(partnerId),
                        endpoints.webhook(settings.url()), endpoints.inbound(), endpoints.webhookDeadLetter(partnerId)),
                        WebhookEgressRoutes.Retry.DEFAULT, breaker, signer, events, clock,
                        settings.format() == Partner.Format.FHIR_R4 ? fhir(partnerId) : WebhookFormat.CLOUDEVENT));
    }

    void reconcile(Collection<Partner> partners) {
        routes.reconcile(partners);
    }

    /** A referral as a FHIR Bundle, a referral status as a FHIR Task; the rest as the CloudEvent. */
    static WebhookFormat fhir(String partnerId) {
        return event -> {
            String type = event.path("type").asText();
            Optional<String> fhir = type.equals(MessageType.REFERRAL.typeName()) ? FhirReferrals.bundle(event, partnerId)
                    : type.equals(MessageType.REFERRAL_STATUS.typeName()) ? FhirTasks.task(event) : Optional.empty();
            return fhir.map(text -> new WebhookFormat.Body(FhirR4.MEDIA_TYPE, text.getBytes(StandardCharsets.UTF_8)));
        };
    }
}
