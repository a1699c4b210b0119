package org.kith.hub.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.Verifier;
import org.kith.schemas.KithHeaders;

/**
 * A partner system's webhook receiver, as a real HTTP server on localhost: records every delivery
 * with the exact bytes received, so the hub's signature can be checked on them
 * ({@link Delivery#verify}), and answers 204 (or, on request, 503 as a partner that is down, or a
 * refusal of one particular copy). Used by the demo and by the tests.
 */
public final class PartnerWebhookServer implements AutoCloseable {

    /** One POST as the partner received it; {@code bytes} is the body exactly as received. */
    public record Delivery(String idempotencyKey, String decisionId, String contentType, String body,
                           Map<String, List<String>> headers, byte[] bytes) {

        /** The hub's {@code Kith-Signature} on this delivery, checked over the bytes received. */
        public JwsVerification verify(Verifier hub) {
            return hub.verifyStructured(header(KithHeaders.HTTP_SIGNATURE).orElse(null), bytes);
        }

        /** The first value of an HTTP header, whatever the case of its name. */
        public java.util.Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, Integer> refusals = new java.util.concurrent.ConcurrentHashMap<>();

    private PartnerWebhookServer(HttpServer server) {
        this.server = server;
    }

    public static PartnerWebhookServer start(String path) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var receiver = new PartnerWebhookServer(server);
            server.createContext(path, exchange -> {
                receiver.requests.incrementAndGet();
                if (receiver.failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(503, -1);
                    exchange.close();
                    return;
                }
                try (InputStream in = exchange.getRequestBody()) {
                    var headers = exchange.getRequestHeaders();
                    byte[] bytes = in.readAllBytes();
                    Integer refusal = receiver.refusal(new String(bytes, StandardCharsets.UTF_8));
                    if (refusal != null) {
                        exchange.sendResponseHeaders(refusal, -1);
                        exchange.close();
                        return;
                    }
                    receiver.deliveries.add(new Delivery(headers.getFirst("Idempotency-Key"),
                            headers.getFirst("Kith-Decision-Id"), headers.getFirst("Content-Type"),
                            new String(bytes, StandardCharsets.UTF_8), Map.copyOf(headers), bytes));
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a webhook server", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code n} deliveries fail with 503, as a partner system that is down would answer. */
    public void failNext(int n) {
        failures.set(n);
    }

    /** Every request whose body contains {@code marker} is answered with {@code status}, as a partner refusing that copy. */
    public void refuse(String marker, int status) {
        refusals.put(marker, status);
    }

    /** Requests containing {@code marker} are accepted again, as a partner that fixed what made it refuse them. */
    public void accept(String marker) {
        refusals.remove(marker);
    }

    private Integer refusal(String body) {
        return refusals.entrySet().stream().filter(e -> body.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** How many requests reached the server, answered or failed. */
    public int requests() {
        return requests.get();
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
