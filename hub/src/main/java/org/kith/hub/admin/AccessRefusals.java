package org.kith.hub.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kith.connectors.ProblemException;
import org.kith.connectors.rest.PartnerAuthenticator;
import org.kith.connectors.rest.PartnerCredentials;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.metrics.HubMetrics;
import org.kith.schemas.KithHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests for a family's data that the hub's API refused, recorded: each is counted in the
 * metrics ({@code kith_access_refused_total{reason}}) and reaches the ledger as an
 * {@link LedgerEvent.AccessRefused} notice on {@code kith.inbound}, which the enforcement core
 * records, as it records administrative changes. Who (the partner or user the credential names, or
 * {@code anonymous}), which operation, which family, why; never more of the request.
 *
 * <p>Bounded, so that a flood of refused requests cannot flood the ledger: the first refusal of an
 * {@code (actor, operation, family, reason)} in a minute is written at once, the others of that
 * minute as one record with their count when the minute is over. An actor refused for more than
 * {@value #KEYS_PER_ACTOR} different operations and families in a minute has the rest summed in one
 * record naming neither. Writing happens on a thread of its own: a refused request never waits for
 * Kafka, and an unwritten record is logged (ids and count) rather than retried.
 */
public final class AccessRefusals implements AutoCloseable {

    /** Exchange property under which the administration API's operations find this, for their scope checks. */
    public static final String PROPERTY = "kith.accessRefusals";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not-found";
    public static final String OUT_OF_SCOPE = "out-of-scope";
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int KEYS_PER_ACTOR = 50;
    private static final Duration FLUSH_EVERY = Duration.ofSeconds(5);
    private static final String BEARER = "Bearer ";
    private static final Logger LOG = LoggerFactory.getLogger(AccessRefusals.class);

    private record Key(String actor, String operation, String familyId, String reason) {
    }

    /** The refusals of one key since its last record: the window opened with a record of its own. */
    private static final class Tally {
        private final Instant opened;
        private long unwritten;
        private Instant first;
        private Instant last;

        Tally(Instant opened) {
            this.opened = opened;
        }
    }

    private final Consumer<LedgerEvent.AccessRefused> ledger;
    private final Function<String, Optional<String>> partnerForToken;
    private final HubMetrics metrics;
    private final Clock clock;
    private final Map<Key, Tally> open = new HashMap<>();
    private final Map<String, Integer> openByActor = new HashMap<>();
    private final ScheduledExecutorService writer;

    /**
     * @param ledger   writes one record's notice (on this class's own thread)
     * @param partnerForToken names the partner a bearer token presented to the administration API belongs to
     */
    public AccessRefusals(Consumer<LedgerEvent.AccessRefused> ledger, Function<String, Optional<String>> partnerForToken,
                          HubMetrics metrics, Clock clock) {
        this(ledger, partnerForToken, metrics, clock, FLUSH_EVERY);
    }

    /** @param flushEvery how often the windows that are over are written */
    AccessRefusals(Consumer<LedgerEvent.AccessRefused> ledger, Function<String, Optional<String>> partnerForToken,
                   HubMetrics metrics, Clock clock, Duration flushEvery) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.partnerForToken = Objects.requireNonNull(partnerForToken, "partnerForToken");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kith-access-refusals");
            thread.setDaemon(true);
            return thread;
        });
        long every = flushEvery.toMillis();
        writer.scheduleWithFixedDelay(() -> write(flush(clock.instant())), every, every, TimeUnit.MILLISECONDS);
    }

    /** Refusals recorded through {@code changes}, as notices on {@code inboundTopic}. */
    public static AccessRefusals toLedger(ChangeWriter changes, String inboundTopic, PartnerCredentials partners,
                                          HubMetrics metrics, Clock clock) {
        return new AccessRefusals(event -> changes.notice(notice(inboundTopic, event)), partners::partnerForToken,
                metrics, clock);
    }

    /**
     * The notice of a record, keyed by the family id (so it joins the family's chain of the ledger),
     * {@code access:<actor>} for data of no single family.
     */
    public static ProducerRecord<String, byte[]> notice(String inboundTopic, LedgerEvent.AccessRefused event) {
        String key = event.familyId() != null ? event.familyId() : "access:" + event.actor();
        return AdminChanges.notice(inboundTopic, key, event, KithHeaders.ACCESS_REFUSED, event.reason());
    }

    /**
     * The hook of the administration API's scope checks: the caller asked for a family outside its
     * agency scope (and is answered 404, as for a family that does not exist).
     */
    public static void outOfScope(Exchange exchange, String familyId) {
        AccessRefusals refusals = exchange.getProperty(PROPERTY, AccessRefusals.class);
        if (refusals != null) {
            refusals.refused(exchange, familyId, OUT_OF_SCOPE);
        }
    }

    /**
     * {@code step}, with a refusal it answers (401, 403 or 404) recorded for the family named by the
     * request's {@code familyId} path parameter (none for data of no single family).
     */
    public Processor watching(Processor step) {
        return exchange -> {
            try {
                step.process(exchange);
            } catch (ProblemException e) {
                reason(e.problem().status()).ifPresent(reason ->
                        refused(exchange, exchange.getMessage().getHeader("familyId", String.class), reason));
                throw e;
            }
        };
    }

    /** Records that the request of {@code exchange} for {@code familyId}'s data (null: no single family's) was refused. */
    public void refused(Exchange exchange, String familyId, String reason) {
        metrics.accessRefused(reason);
        List<LedgerEvent.AccessRefused> due = note(new Key(actor(exchange), operation(exchange), familyId, reason),
                clock.instant());
        if (!due.isEmpty()) {
            writer.execute(() -> write(due));
        }
    }

    private static Optional<String> reason(int status) {
        return switch (status) {
            case 401 -> Optional.of(UNAUTHENTICATED);
            case 403 -> Optional.of(FORBIDDEN);
            case 404 -> Optional.of(NOT_FOUND);
            default -> Optional.empty();
        };
    }

    /** The partner or user the request's credential names, else {@code anonymous}. */
    private String actor(Exchange exchange) {
        String partner = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        if (partner != null) {
            return "partner:" + partner;
        }
        String user = exchange.getProperty(RoleGate.USER, String.class);
        if (user != null) {
            return "user:" + user;
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            Optional<String> byToken = partnerForToken.apply(authorization.substring(BEARER.length()).trim());
            if (byToken.isPresent()) {
                return "partner:" + byToken.get();
            }
        }
        return "anonymous";
    }

    /** The request as its route declares it, e.g. {@code GET /v1/referrals/{familyId}/{referralId}}: no ids. */
    private static String operation(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "?", String.class);
        String path = exchange.getFromEndpoint() instanceof PlatformHttpEndpoint http ? http.getPath()
                : exchange.getFromRouteId();
        return method + " " + path;
    }

    /** Counts one refusal at {@code now}; the records due now. */
    synchronized List<LedgerEvent.AccessRefused> note(Key key, Instant now) {
        List<LedgerEvent.AccessRefused> due = new ArrayList<>();
        Key counted = key;
        Tally tally = open.get(counted);
        if (tally != null && expired(tally, now)) {
            close(counted, tally, due);
            tally = null;
        }
        if (tally == null && openByActor.getOrDefault(key.actor(), 0) >= KEYS_PER_ACTOR) {
            counted = new Key(key.actor(), null, null, key.reason());
            tally = open.get(counted);
            if (tally != null && expired(tally, now)) {
                close(counted, tally, due);
                tally = null;
            }
        }
        if (tally == null) {
            open.put(counted, new Tally(now));
            openByActor.merge(counted.actor(), 1, Integer::sum);
            due.add(record(counted, 1, now, now));
        } else {
            tally.unwritten++;
            tally.first = tally.first == null ? now : tally.first;
            tally.last = now;
        }
        return due;
    }

    /** Closes every window that is over at {@code now}: the records of their counted refusals. */
    synchronized List<LedgerEvent.AccessRefused> flush(Instant now) {
        List<LedgerEvent.AccessRefused> due = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Tally>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Tally> entry = it.next();
            if (expired(entry.getValue(), now)) {
                it.remove();
                summarise(entry.getKey(), entry.getValue(), due);
            }
        }
        return due;
    }

    private static boolean expired(Tally tally, Instant now) {
        return !now.isBefore(tally.opened.plus(WINDOW));
    }

    private void close(Key key, Tally tally, List<LedgerEvent.AccessRefused> due) {
        open.remove(key);
        summarise(key, tally, due);
    }

    private void summarise(Key key, Tally tally, List<LedgerEvent.AccessRefused> due) {
        openByActor.computeIfPresent(key.actor(), (actor, n) -> n > 1 ? n - 1 : null);
        if (tally.unwritten > 0) {
            due.add(record(key, tally.unwritten, tally.first, tally.last));
        }
    }

    private static LedgerEvent.AccessRefused record(Key key, long count, Instant first, Instant last) {
        return new LedgerEvent.AccessRefused(key.actor(), key.operation(), key.familyId(), key.reason(), count,
                first.toString(), last.toString());
    }

    private void write(List<LedgerEvent.AccessRefused> records) {
        for (LedgerEvent.AccessRefused record : records) {
            try {
                ledger.accept(record);
                LOG.info("Access refused ({}): {} {} family {}, {} time(s)", record.reason(), record.actor(),
                        record.operation(), record.familyId(), record.count());
            } catch (RuntimeException e) {
                LOG.warn("Access refusal not recorded in the ledger ({}): {} {} family {}, {} time(s)", e.getClass().getName(),
                        record.actor(), record.operation(), record.familyId(), record.count());
            }
        }
    }

    /** Writes what is counted and not yet written, then stops. */
    @Override
    public void close() {
        writer.execute(() -> write(flush(Instant.MAX)));
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
