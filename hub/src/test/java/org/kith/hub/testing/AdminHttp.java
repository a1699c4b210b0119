package org.kith.hub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.schemas.Json;

/** A caller of a hub's HTTP API in tests: one method per verb, a bearer token or none, JSON bodies. */
public final class AdminHttp {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public AdminHttp(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public HttpResponse<String> delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    public HttpResponse<String> put(String path, String token, String json) {
        return send("PUT", path, token, json, "application/json");
    }

    public HttpResponse<String> post(String path, String token, String json) {
        return send("POST", path, token, json, "application/json");
    }

    public HttpResponse<String> send(String method, String path, String token, String body, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return send(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly these headers and these bytes (or no body), for tests that send what a client must not. */
    public HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of a 2xx answer as JSON; fails with the status and body otherwise. */
    public static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
