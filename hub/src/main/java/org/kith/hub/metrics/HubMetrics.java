package org.kith.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.kith.connectors.webhook.DeliveryEvents;

/**
 * The hub's operational metrics (Micrometer), scraped in the Prometheus text format from
 * {@code GET /v1/admin/metrics}: messages in by type, copies out, decisions by outcome, dead
 * letters by reason, webhook attempts that failed, retries, deliveries, dead letters and the circuit
 * breaker's state per partner, referral SLA
 * alerts, the age of each ledger partition's last checkpoint, requests for a family's data the API
 * refused, operations the broker's authorizer denied a partner, and the Kafka Streams client's own
 * metrics (consumer lag among them). Names and tags carry codes and partner ids only, never a
 * person, a family or a message. Counted inside the exactly-once core, a counter may count a step
 * twice if its transaction is retried: these are for operators, the ledger is the record.
 */
public final class HubMetrics implements DeliveryEvents {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Integer, Instant> checkpoints = new ConcurrentHashMap<>();
    /** Each counter once, by name and tag value: counting is on the core's hot path, registering is not cheap. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final Clock clock;

    public HubMetrics() {
        this(Clock.systemUTC());
    }

    public HubMetrics(Clock clock) {
        this.clock = clock;
        bindProcess(registry);
    }

    /**
     * The JVM's and the process's own metrics, as Micrometer's binders name them: memory by pool,
     * garbage collection, threads, classes, CPU, open files and uptime ({@code jvm_*}, {@code process_*},
     * {@code system_*}).
     */
    private static void bindProcess(MeterRegistry registry) {
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The enforcement core's Kafka clients: consumer lag ({@code records-lag-max}), commit rates and the rest. */
    public void bind(KafkaStreams streams) {
        new KafkaStreamsMetrics(streams).bindTo(registry);
    }

    /** A message of this type (or {@code notice} for a receipt or refusal) reached the enforcement core. */
    public void messageIn(String type) {
        count("kith.messages.in", "Messages the enforcement core took from the inbound topic", "type", type);
    }

    /** A copy went to a recipient's outbound topic. */
    public void copyOut() {
        count("kith.copies.out", "Copies released to recipients' outbound topics", "channel", "kafka");
    }

    /** A consent decision: {@code permit}, {@code redact} or {@code deny}. */
    public void decision(String outcome) {
        count("kith.decisions", "Consent decisions by outcome", "outcome", outcome);
    }

    /** A record set aside as a dead letter, for this reason code. */
    public void deadLetter(String reason) {
        count("kith.deadletters", "Records set aside as dead letters, by reason", "reason", reason);
    }

    /** A referral missed a deadline: {@code not-received} or {@code not-answered}. */
    public void referralOverdue(String alert) {
        count("kith.referrals.overdue", "Referrals that missed their receipt or answer deadline", "alert", alert);
    }

    /** A ledger partition was sealed by a signed checkpoint now. */
    public void ledgerCheckpoint(int partition) {
        if (checkpoints.put(partition, clock.instant()) == null) {
            Gauge.builder("kith.ledger.checkpoint.age", checkpoints,
                            all -> Duration.between(all.get(partition), clock.instant()).toMillis() / 1000.0)
                    .description("Seconds since the last signed checkpoint of a ledger partition (on this instance)")
                    .baseUnit("seconds")
                    .tag("partition", Integer.toString(partition))
                    .register(registry);
        }
    }

    /** The age of a partition's oldest undecided inbound message, as {@link UndecidedAgeMonitor} last measured it. */
    public void undecidedAge(int partition, LongSupplier ageMs) {
        Gauge.builder("kith.inbound.undecided.age", () -> ageMs.getAsLong() / 1000.0)
                .description("Seconds the oldest message of an inbound partition has waited for the enforcement core (0: caught up)")
                .baseUnit("seconds")
                .tag("partition", Integer.toString(partition))
                .register(registry);
    }

    @Override
    public void attemptFailed(String partnerId) {
        count("kith.webhook.failures", "Webhook delivery attempts that failed", "partner", partnerId);
    }

    @Override
    public void retried(String partnerId) {
        count("kith.webhook.retries", "Webhook deliveries retried", "partner", partnerId);
    }

    @Override
    public void delivered(String partnerId) {
        count("kith.webhook.deliveries", "Copies a partner's webhook took", "partner", partnerId);
    }

    @Override
    public void deadLettered(String partnerId) {
        count("kith.webhook.deadletters", "Copies a partner refused for good, set aside as its dead letters",
                "partner", partnerId);
    }

    /** The gauge reads 0 closed, 1 half-open, 2 open; each opening is also counted. */
    @Override
    public void breaker(String partnerId, Breaker state) {
        if (breakers.put(partnerId, state) == null) {
            Gauge.builder("kith.webhook.breaker.state", breakers, all -> all.get(partnerId).ordinal())
                    .description("A partner's webhook circuit breaker: 0 closed, 1 half-open (probing), 2 open (not called)")
                    .tag("partner", partnerId)
                    .register(registry);
        }
        if (state == Breaker.OPEN) {
            count("kith.webhook.breaker.opened", "Times a partner's webhook circuit breaker opened", "partner", partnerId);
        }
    }

    /** A request for a family's data refused by the hub's API: {@code unauthenticated}, {@code forbidden}, {@code not-found}, {@code out-of-scope}. */
    public void accessRefused(String reason) {
        count("kith.access.refused", "Requests for a family's data the hub's API refused, by reason", "reason", reason);
    }

    /**
     * The broker's authorizer denied a partner's Kafka principal an operation on a resource (a topic,
     * a consumer group...): tagged by the principal's partner id, the operation and the kind of
     * resource; the resource's name is in the log line only (names are chosen by the caller).
     */
    public void kafkaAuthorizationDenied(String partner, String operation, String resourceType) {
        count("kith.kafka.authorization.denied", "Operations the broker's authorizer denied a partner's Kafka user",
                "partner", partner, "operation", operation, "resource", resourceType);
    }

    /** Every metric, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    /** {@code tags}: names and values, alternately. */
    private void count(String name, String description, String... tags) {
        counters.computeIfAbsent(name + '\u0000' + String.join("\u0000", tags),
                key -> Counter.builder(name).description(description).tags(tags).register(registry)).increment();
    }
}
