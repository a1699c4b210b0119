package org.kith.hub.broker;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.server.authorizer.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the embedded broker's authorizer denied a principal: a log line (principal, operation,
 * resource), and each denial told to whoever listens, the hub's metrics. A client that keeps asking
 * for what it may not have logs one line per principal, operation and resource a minute, the next
 * one saying how many were not logged. The broker makes its
 * authorizer itself, from a class name, so the two meet here, by the address of the broker's partner
 * listener (unique among the brokers running in one process).
 */
public final class AuthorizationDenials {

    /**
     * One denial.
     *
     * @param principal    the Kafka principal's name (for a partner, its partner id)
     * @param operation    e.g. {@code READ}, {@code WRITE}, {@code DESCRIBE}
     * @param resourceType e.g. {@code TOPIC}, {@code GROUP}
     * @param resource     the resource's name as the client gave it
     */
    public record Denial(String principal, String operation, String resourceType, String resource) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationDenials.class);
    private static final Map<String, AuthorizationDenials> BY_LISTENER = new ConcurrentHashMap<>();

    private static final long LOG_EVERY_MS = 60_000;
    /** Bounds the memory of logged denials: resource names are the client's to choose. */
    private static final int LOGGED_KEYS = 1024;

    private volatile Consumer<Denial> listener = denial -> { };
    /** Per principal, operation and resource: when a line was last logged, and the denials since. */
    private final Map<String, long[]> logged = new ConcurrentHashMap<>();

    private AuthorizationDenials() {
    }

    /** The denials of the broker whose partner listener is at {@code address} ({@code host:port}). */
    public static AuthorizationDenials at(String address) {
        return BY_LISTENER.computeIfAbsent(address, a -> new AuthorizationDenials());
    }

    /** Tells {@code listener} of every later denial (replacing the one before). */
    public void listen(Consumer<Denial> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Tells no one any more (the denials are still logged). */
    public void stopListening() {
        this.listener = denial -> { };
    }

    void denied(KafkaPrincipal principal, Action action) {
        Denial denial = new Denial(principal.getName(), action.operation().name(),
                action.resourcePattern().resourceType().name(), action.resourcePattern().name());
        log(principal, denial, System.currentTimeMillis());
        listener.accept(denial);
    }

    private void log(KafkaPrincipal principal, Denial denial, long now) {
        String key = principal + " " + denial.operation() + " " + denial.resourceType() + " " + denial.resource();
        if (logged.size() >= LOGGED_KEYS && !logged.containsKey(key)) {
            logged.clear();
        }
        long[] last = logged.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, 0});
        long unlogged;
        synchronized (last) {
            if (last[0] != Long.MIN_VALUE && now - last[0] < LOG_EVERY_MS) {
                last[1]++;
                return;
            }
            unlogged = last[1];
            last[0] = now;
            last[1] = 0;
        }
        LOG.warn("Kafka denied {} {} on {} {}{}", principal, denial.operation(), denial.resourceType(), denial.resource(),
                unlogged == 0 ? "" : " (and " + unlogged + " times since the last line)");
    }
}
