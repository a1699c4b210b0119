package org.kith.connectors.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

/**
 * The one call to a partner's webhook, behind the partner's circuit breaker, as a single route step
 * so that a redelivery asks the breaker again. While the breaker is open the partner is not called.
 * A retriable failure counts against the breaker; a permanent refusal does not (the partner is up,
 * it answered). The failure is rethrown as its {@link DeliveryException} type.
 */
final class PartnerCall implements Processor {

    private final CircuitBreaker breaker;
    private final ProducerTemplate http;
    private final String webhookUri;

    PartnerCall(CircuitBreaker breaker, ProducerTemplate http, String webhookUri) {
        this.breaker = breaker;
        this.http = http;
        this.webhookUri = webhookUri;
    }

    @Override
    public void process(Exchange exchange) throws DeliveryException {
        if (!breaker.tryAcquirePermission()) {
            throw new DeliveryException.BreakerOpen(breaker.getName());
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
