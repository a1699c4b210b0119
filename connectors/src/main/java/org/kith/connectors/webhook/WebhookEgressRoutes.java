package org.kith.connectors.webhook;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.schemas.KithHeaders;

/**
 * Webhook egress for one partner: read its outbound topic (committed records only) and POST each
 * record to the partner's endpoint. Delivery is at least once: a failed POST is retried with
 * exponential backoff and jitter, and when the retries are spent the consumer does not move past
 * the record, so a partner that was down receives everything, in order, when it comes back. Each
 * request carries the hub's signature over its body ({@link BodySigner}).
 */
public final class WebhookEgressRoutes extends RouteBuilder {

    private final String partnerId;
    private final String outboundUri;
    private final String webhookUri;
    private final Retry retry;
    private final DeliveryEvents events;
    private final String inboundUri;
    private final BodySigner signer;

    /** How hard to try one delivery before the consumer pauses and tries the record again. */
    public record Retry(int maxRedeliveries, Duration initialDelay, Duration maxDelay) {
        public static final Retry DEFAULT = new Retry(6, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /**
     * @param outboundUri the Camel endpoint of the partner's outbound topic, built by the hub
     * @param webhookUri  the Camel endpoint of the partner's webhook, built by the hub
     */
    /**
     * @param inboundUri where a delivery receipt goes once the partner took a copy (the enforcement
     *                   core writes it into the ledger)
     */
    public WebhookEgressRoutes(String partnerId, String outboundUri, String webhookUri, Retry retry, BodySigner signer,
                               String inboundUri, DeliveryEvents events) {
        this.events = events;
        this.inboundUri = inboundUri;
        this.partnerId = partnerId;
        this.outboundUri = outboundUri;
        this.webhookUri = webhookUri;
        this.retry = retry;
        this.signer = signer;
    }

    public static String routeId(String partnerId) {
        return "webhook-egress-" + partnerId;
    }

    @Override
    public void configure() {
        from(outboundUri).routeId(routeId(partnerId))
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(retry.maxRedeliveries())
                        .redeliveryDelay(retry.initialDelay().toMillis())
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .useCollisionAvoidance()
                        .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                        .logExhaustedMessageHistory(false)
                        .logExhaustedMessageBody(false)
                        .onExceptionOccurred(exchange -> events.attemptFailed(partnerId))
                        .onRedelivery(exchange -> events.retried(partnerId)))
                .process(new WebhookRequest(signer)).id(routeId(partnerId) + "-allowlist-headers")
                .to(webhookUri).id(routeId(partnerId) + "-deliver")
                .process(exchange -> events.delivered(partnerId)).id(routeId(partnerId) + "-count")
                .process(WebhookEgressRoutes::receipt).id(routeId(partnerId) + "-receipt")
                .to(inboundUri).id(routeId(partnerId) + "-record-receipt");
    }

    /** The delivery receipt as the next record of the family's stream: ids and a hash, nothing else. */
    private static void receipt(Exchange exchange) {
        DeliveryNotice notice = exchange.getProperty(WebhookRequest.RECEIPT, DeliveryNotice.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KithHeaders.DELIVERY, notice.channel());
        message.setHeader(KafkaConstants.KEY, exchange.getProperty(WebhookRequest.FAMILY_ID, String.class));
        message.setBody(notice.toJson());
    }
}
