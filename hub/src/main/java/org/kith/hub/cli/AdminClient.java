package org.kith.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.kith.schemas.Json;

/**
 * The administration HTTP API as the {@code kith admin} commands call it: one bearer token, JSON in
 * and out. A non-2xx answer is a {@link Refused} carrying the hub's problem document; a hub that
 * cannot be reached is an {@link Unreachable}. The token goes only into the {@code Authorization}
 * header, never into a message.
 */
final class AdminClient {

    static final String JSON = "application/json";
    static final String FHIR = "application/fhir+json";
    static final String CLOUDEVENTS = "application/cloudevents+json";
    static final String ADMIN = "/v1/admin";

    /** The hub's answer: its status, content type and body as text. */
    record Reply(int status, String contentType, String body) {

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("the hub answered " + status + " with a body that is not JSON", e);
            }
        }
    }

    /** A non-2xx answer. */
    static final class Refused extends RuntimeException {
        private final transient Reply reply;

        Refused(Reply reply) {
            super("HTTP " + reply.status());
            this.reply = reply;
        }

        Reply reply() {
            return reply;
        }
    }

    /** The hub did not answer at all. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String base;
    private final String token;
    private final HttpClient http;

    /**
     * {@code base} is the hub's address, e.g. {@code https://kith.example.org} (a path prefix is kept);
     * {@code tls} the TLS context for an https address, empty for the JDK's default.
     */
    AdminClient(URI base, String token, Optional<SSLContext> tls) {
        this.base = base.toString().replaceAll("/+$", "");
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    /** Sends a request to {@code path} (relative to the hub's address); {@code body} null for none. */
    Reply send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json, */*")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable("cannot reach the hub at " + base + " (" + (e.getMessage() == null
                    ? e.getClass().getSimpleName() + ": is the hub running, and is --url or KITH_ADMIN_URL right?"
                    : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for the hub at " + base, e);
        }
        Reply reply = new Reply(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
        if (reply.status() / 100 != 2) {
            throw new Refused(reply);
        }
        return reply;
    }

    /** {@code /v1/admin/<segment>/<segment>...}, each segment percent-encoded (a ':' kept, as ids have it). */
    static String path(String... segments) {
        StringBuilder path = new StringBuilder(ADMIN);
        for (String segment : segments) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")
                    .replace("%3A", ":"));
        }
        return path.toString();
    }

    /** {@code path?name=value&...} from name, value pairs, leaving out those whose value is null. */
    static String query(String path, String... namesAndValues) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                pairs.add(namesAndValues[i] + "=" + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            }
        }
        return pairs.isEmpty() ? path : path + "?" + String.join("&", pairs);
    }
}
