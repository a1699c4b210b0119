package org.kith.hub.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;

/**
 * Hands a request about a family on to the hub instance that holds the family's records (the
 * Kafka Streams interactive-query pattern: every instance advertises its HTTP address), and answers
 * with that instance's answer. The caller's credential goes with it and is checked there again. A
 * request that was already handed on once is not handed on again: 503, retry.
 */
public final class Forwarding {

    /** Marks a request one instance handed on to another. */
    public static final String HEADER = "Kith-Forwarded";
    private static final List<String> CARRIED = List.of("Authorization", Exchange.CONTENT_TYPE, "Accept");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Where the hub's client for its instances is bound in its Camel registry. */
    private static final String CLIENT = "kith.forwarding.client";
    private static final Client PLAIN = new Client(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), "http");

    /** How this hub calls its other instances: over plain HTTP, or HTTPS trusting the hub CA. */
    private record Client(HttpClient http, String scheme) {
    }

    private Forwarding() {
    }

    /**
     * Makes the requests {@code camel}'s routes hand on go over HTTPS with {@code tls} (the hub CA
     * trusted), or over plain HTTP when empty: every instance
     * serves its HTTP API alike.
     */
    public static void bind(CamelContext camel, Optional<SSLContext> tls) {
        camel.getRegistry().bind(CLIENT, Client.class, tls.map(context -> new Client(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT).sslContext(context).build(), "https")).orElse(PLAIN));
    }

    private static Client client(Exchange exchange) {
        Client client = exchange.getContext().getRegistry().lookupByNameAndType(CLIENT, Client.class);
        return client == null ? PLAIN : client;
    }

    /**
     * The request's body read once and kept, so that it can be handed on after an operation read it.
     * Call before anything reads the body.
     */
    public static byte[] keepBody(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(body);
        return body;
    }

    /** Answers {@code exchange} with the holding instance's answer to the same request. */
    public static void forward(Exchange exchange, Elsewhere where, byte[] body, String authorization) {
        Message message = exchange.getMessage();
        if (message.getHeader(HEADER) != null) {
            throw unavailable();
        }
        String path = message.getHeader(Exchange.HTTP_PATH, String.class);
        String uri = message.getHeader(Exchange.HTTP_URI, String.class);
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        Client client = client(exchange);
        String target = where.baseUrl(client.scheme()) + (uri != null ? uri : path);
        if (!target.contains("?") && query != null && !query.isEmpty()) {
            target += "?" + query;
        }
        var request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .method(message.getHeader(Exchange.HTTP_METHOD, String.class), body == null || body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(HEADER, "1");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        CARRIED.stream().filter(name -> !name.equals("Authorization"))
                .forEach(name -> {
                    String value = message.getHeader(name, String.class);
                    if (value != null) {
                        request.header(name, value);
                    }
                });
        HttpResponse<byte[]> response;
        try {
            response = client.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
        response.headers().firstValue("Content-Type").ifPresent(type -> message.setHeader(Exchange.CONTENT_TYPE, type));
        message.setBody(response.body());
    }

    /**
     * Asks the holding instance {@code path} (a POST of {@code body} as JSON, with the caller's
     * credential), for a step that needs its answer rather than answering with it: its status and
     * body, or empty when it did not answer within {@code timeout}.
     */
    public static Optional<HttpResponse<byte[]>> ask(Exchange exchange, Elsewhere where, String path, byte[] body,
                                                     String authorization, Duration timeout) {
        Client client = client(exchange);
        var request = HttpRequest.newBuilder(URI.create(where.baseUrl(client.scheme()) + path)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header(HEADER, "1").header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return Optional.of(client.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(Problem.of(503, "elsewhere", "Not held here",
                "another hub instance holds this family's records and could not answer; retry"));
    }
}
