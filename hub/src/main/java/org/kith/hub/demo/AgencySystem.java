package org.kith.hub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.schemas.CloudEventCodec;

/** An agency's system publishing to the hub's REST ingress with its API token. */
public final class AgencySystem {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI ingress;
    private final String token;

    public AgencySystem(int hubPort, String token) {
        this.ingress = URI.create("http://127.0.0.1:" + hubPort + RestIngressRoutes.PATH);
        this.token = token;
    }

    /** POSTs a structured-mode CloudEvent and returns the hub's answer. */
    public HttpResponse<String> publish(String json) {
        return post(CloudEventCodec.STRUCTURED_JSON, Map.of(), json);
    }

    /** POSTs a binary-mode CloudEvent: the attributes as {@code ce-} headers, the data as the body. */
    public HttpResponse<String> publishBinary(Map<String, String> ceHeaders, String data) {
        return post(CloudEventCodec.JSON, ceHeaders, data);
    }

    /** POSTs any body with the agency's token. */
    public HttpResponse<String> post(String contentType, Map<String, String> headers, String body) {
        var builder = HttpRequest.newBuilder(ingress)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token);
        headers.forEach(builder::header);
        var request = builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
