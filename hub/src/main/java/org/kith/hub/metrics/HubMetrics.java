package org.kith.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The hub's operational metrics (Micrometer), scraped in the Prometheus text format from
 * {@code GET /v1/admin/metrics}. Names and tags carry codes only (an alert kind, an outcome),
 * never a person, a family or a message. Counted inside the exactly-once core, a counter may count
 * a step twice if its transaction is retried: these are for operators, the ledger is the record.
 */
public final class HubMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public MeterRegistry registry() {
        return registry;
    }

    /** A referral missed a deadline: {@code not-received} or {@code not-answered}. */
    public void referralOverdue(String alert) {
        Counter.builder("kith.referrals.overdue")
                .description("Referrals that missed their receipt or answer deadline")
                .tag("alert", alert)
                .register(registry)
                .increment();
    }

    /** Every metric, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
