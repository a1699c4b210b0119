package org.kith.connectors.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The one call to a partner's webhook, behind the partner's circuit breaker, as a single route step
 * so that a redelivery asks the breaker again. While the breaker is open the partner is not called.
 * A retriable failure counts against the breaker; a permanent refusal does not (the partner is up,
 * it answered). The failure is rethrown as its {@link DeliveryException} type. A route service:
 * its HTTP client starts and stops with the route, so a removed partner's route leaves nothing behind.
 */
final class PartnerCall extends ServiceSupport implements Processor {

    private final CircuitBreaker breaker;
    private final CamelContext camel;
    private final String webhookUri;
    private ProducerTemplate http;

    PartnerCall(CircuitBreaker breaker, CamelContext camel, String webhookUri) {
        this.breaker = breaker;
        this.camel = camel;
        this.webhookUri = webhookUri;
    }

    @Override
    protected void doStart() {
        http = camel.createProducerTemplate();
    }

    @Override
    protected void doStop() {
        if (http != null) {
            http.stop();
        }
    }

    @Override
    public void process(Exchange exchange) throws DeliveryException {
        if (!breaker.tryAcquirePermission()) {
            throw new DeliveryException.BreakerOpen();
        }
        long start = System.nanoTime();
        http.send(webhookUri, exchange);
        long took = System.nanoTime() - start;
        Exception failure = exchange.getException();
        if (failure == null) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            return;
        }
        exchange.setException(null);
        DeliveryException typed = DeliveryException.of(failure);
        if (typed instanceof DeliveryException.Retriable) {
            breaker.onError(took, TimeUnit.NANOSECONDS, failure);
        } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        throw typed;
    }
}
