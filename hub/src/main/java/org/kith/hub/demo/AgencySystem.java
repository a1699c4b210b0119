package org.kith.hub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.kith.connectors.rest.RestIngressRoutes;

/** An agency's system publishing to the hub's REST ingress with its API token. */
public final class AgencySystem {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI ingress;
    private final String token;

    public AgencySystem(int hubPort, String token) {
        this.ingress = URI.create("http://127.0.0.1:" + hubPort + RestIngressRoutes.PATH);
        this.token = token;
    }

    /** POSTs a JSON document and returns the hub's answer. */
    public HttpResponse<String> publish(String json) {
        var request = HttpRequest.newBuilder(ingress)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("hub unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
