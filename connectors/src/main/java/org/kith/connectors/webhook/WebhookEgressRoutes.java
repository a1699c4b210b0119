package org.kith.connectors.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.schemas.KithHeaders;

/**
 * Webhook egress for one partner: read its outbound topic (committed records only) and POST each
 * record to the partner's endpoint. Delivery is at least once: a retriable failure (connection,
 * timeout, 5xx, 408, 429) is retried with exponential backoff and jitter, behind a circuit breaker
 * per partner that stops calling a partner that keeps failing; when the retries are spent the
 * consumer does not move past the record, so a partner that was down receives everything, in
 * order, when it comes back. A permanent refusal (any other non-2xx) is not retried: the copy goes
 * to the partner's dead letters, a final-failure notice goes to the core for the ledger, and the
 * next copies flow. Each request carries the hub's signature over its body ({@link BodySigner}).
 */
public final class WebhookEgressRoutes extends RouteBuilder {

    private final String partnerId;
    private final Uris uris;
    private final Retry retry;
    private final Breaker breaker;
    private final BodySigner signer;
    private final DeliveryEvents events;
    private final Clock clock;
    private final WebhookFormat format;

    /** How hard to try one delivery before the consumer pauses and tries the record again. */
    public record Retry(int maxRedeliveries, Duration initialDelay, Duration maxDelay) {
        public static final Retry DEFAULT = new Retry(6, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /**
     * The partner's circuit breaker: over the last {@code window} calls (once at least
     * {@code minimumCalls} were made), when {@code failureRatePercent} of them failed retriably it
     * opens, and the partner is not called for {@code openWait}; then one probe is let through.
     */
    public record Breaker(int window, int minimumCalls, int failureRatePercent, Duration openWait) {
        public static final Breaker DEFAULT = new Breaker(10, 5, 50, Duration.ofSeconds(30));

        public Breaker {
            if (window < 1 || minimumCalls < 1 || minimumCalls > window) {
                throw new IllegalArgumentException("breaker window " + window + " and minimum calls " + minimumCalls
                        + " must be positive, the minimum no larger than the window");
            }
            if (failureRatePercent < 1 || failureRatePercent > 100) {
                throw new IllegalArgumentException("breaker failure rate must be 1..100 percent, not " + failureRatePercent);
            }
            if (openWait == null || openWait.isNegative() || openWait.isZero()) {
                throw new IllegalArgumentException("breaker open wait must be positive, not " + openWait);
            }
        }

        public Breaker withOpenWait(Duration wait) {
            return new Breaker(window, minimumCalls, failureRatePercent, wait);
        }

        CircuitBreaker create(String partnerId, DeliveryEvents events) {
            CircuitBreaker created = CircuitBreaker.of(partnerId, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(window)
                    .minimumNumberOfCalls(minimumCalls)
                    .failureRateThreshold(failureRatePercent)
                    .waitDurationInOpenState(openWait)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .build());
            created.getEventPublisher().onStateTransition(event ->
                    events.breaker(partnerId, state(event.getStateTransition().getToState())));
            events.breaker(partnerId, state(created.getState()));
            return created;
        }

        private static DeliveryEvents.Breaker state(CircuitBreaker.State state) {
            return switch (state) {
                case OPEN, FORCED_OPEN -> DeliveryEvents.Breaker.OPEN;
                case HALF_OPEN -> DeliveryEvents.Breaker.HALF_OPEN;
                default -> DeliveryEvents.Breaker.CLOSED;
            };
        }
    }

    /**
     * The route's Camel endpoints, built by the hub.
     *
     * @param outbound   the partner's outbound topic
     * @param webhook    the partner's webhook
     * @param inbound    where a delivery receipt or final-failure notice goes (the core writes it into the ledger)
     * @param deadLetter the partner's dead-letter topic, for copies the partner refused for good
     */
    public record Uris(String outbound, String webhook, String inbound, String deadLetter) {
        public Uris {
            Objects.requireNonNull(outbound, "outbound");
            Objects.requireNonNull(webhook, "webhook");
            Objects.requireNonNull(inbound, "inbound");
            Objects.requireNonNull(deadLetter, "deadLetter");
        }
    }

    public WebhookEgressRoutes(String partnerId, Uris uris, Retry retry, Breaker breaker, BodySigner signer,
                               DeliveryEvents events, Clock clock) {
        this(partnerId, uris, retry, breaker, signer, events, clock, WebhookFormat.CLOUDEVENT);
    }

    /** @param format the partner's own format of what it receives, if it asked for one */
    public WebhookEgressRoutes(String partnerId, Uris uris, Retry retry, Breaker breaker, BodySigner signer,
                               DeliveryEvents events, Clock clock, WebhookFormat format) {
        this.format = format;
        this.partnerId = partnerId;
        this.uris = uris;
        this.retry = retry;
        this.breaker = breaker;
        this.signer = signer;
        this.events = events;
        this.clock = clock;
    }

    public static String routeId(String partnerId) {
        return "webhook-egress-" + partnerId;
    }

    @Override
    public void configure() {
        String id = routeId(partnerId);
        errorHandler(defaultErrorHandler()
                .maximumRedeliveries(retry.maxRedeliveries())
                .redeliveryDelay(retry.initialDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .useCollisionAvoidance()
                .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                .logExhaustedMessageHistory(false)
                .logExhaustedMessageBody(false)
                .onExceptionOccurred(this::attemptFailed)
                .onRedelivery(exchange -> events.retried(partnerId)));
        onException(DeliveryException.Permanent.class).handled(true).maximumRedeliveries(0)
                .logExhausted(false)
                .process(this::deadLetter).id(id + "-dead-letter")
                .to(uris.deadLetter()).id(id + "-record-dead-letter")
                .process(WebhookEgressRoutes::failureNotice).id(id + "-failure-notice")
                .to(uris.inbound()).id(id + "-record-failure");

        from(uris.outbound()).routeId(id)
                .process(new WebhookRequest(signer, format)).id(id + "-allowlist-headers")
                .process(new PartnerCall(breaker.create(partnerId, events), getContext(), uris.webhook())).id(id + "-deliver")
                .process(exchange -> events.delivered(partnerId)).id(id + "-count")
                .process(WebhookEgressRoutes::receipt).id(id + "-receipt")
                .to(uris.inbound()).id(id + "-record-receipt");
    }

    /** A failed attempt, for the metrics; not one the breaker kept from reaching the partner. */
    private void attemptFailed(Exchange exchange) {
        if (!(exchange.getException() instanceof DeliveryException.BreakerOpen)) {
            events.attemptFailed(partnerId);
        }
    }

    /** The refused copy as the partner's dead letter, keyed by the family id. */
    private void deadLetter(Exchange exchange) {
        var refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, DeliveryException.Permanent.class);
        var origin = exchange.getProperty(WebhookRequest.ORIGIN, WebhookDeadLetter.Origin.class);
        var notice = exchange.getProperty(WebhookRequest.RECEIPT, DeliveryNotice.class);
        String familyId = exchange.getProperty(WebhookRequest.FAMILY_ID, String.class);
        Message message = exchange.getMessage();
        var letter = new WebhookDeadLetter(WebhookDeadLetter.REFUSED_BY_PARTNER,
                "the partner answered HTTP " + refusal.status(), partnerId, refusal.status(), notice.messageId(),
                origin.topic(), origin.partition(), origin.offset(), familyId,
                new String(message.getBody(byte[].class), StandardCharsets.UTF_8), clock.instant());
        events.deadLettered(partnerId);
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, familyId);
        message.setBody(letter.toJson());
    }

    /** The delivery receipt as the next record of the family's stream: ids and a hash, nothing else. */
    private static void receipt(Exchange exchange) {
        notice(exchange, exchange.getProperty(WebhookRequest.RECEIPT, DeliveryNotice.class));
    }

    /** The final failure of a refused copy, for the ledger: the receipt's ids with the reason. */
    private static void failureNotice(Exchange exchange) {
        var refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, DeliveryException.Permanent.class);
        notice(exchange, exchange.getProperty(WebhookRequest.RECEIPT, DeliveryNotice.class).failed(refusal.reason()));
    }

    private static void notice(Exchange exchange, DeliveryNotice notice) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(KithHeaders.DELIVERY, notice.channel());
        message.setHeader(KafkaConstants.KEY, exchange.getProperty(WebhookRequest.FAMILY_ID, String.class));
        message.setBody(notice.toJson());
    }
}
