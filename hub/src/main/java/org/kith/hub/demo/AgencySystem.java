package org.kith.hub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.crypto.SigningKey;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;

/**
 * An agency's system publishing to the hub's REST ingress with its API token, signing each message
 * with its own key as a partner must: a detached JWS in {@code Kith-Signature} over the body
 * (structured mode) or over the {@code ce-} headers, the content type and the body (binary mode).
 */
public final class AgencySystem {

    private static final String FHIR_JSON = "application/fhir+json";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI ingress;
    private final String token;
    private final SigningKey key;
    private final Clock clock;

    /**
     * @param key   the agency's signing key, registered with the hub in its partner entry
     * @param clock dates the signatures (the hub refuses one outside its replay window)
     */
    public AgencySystem(int hubPort, String token, SigningKey key, Clock clock) {
        this.ingress = URI.create("http://127.0.0.1:" + hubPort + RestIngressRoutes.PATH);
        this.token = token;
        this.key = key;
        this.clock = clock;
    }

    /** POSTs a signed structured-mode CloudEvent and returns the hub's answer. */
    public HttpResponse<String> publish(String json) {
        return post(CloudEventCodec.STRUCTURED_JSON, Map.of(), json);
    }

    /** POSTs a signed binary-mode CloudEvent: the attributes as {@code ce-} headers, the data as the body. */
    public HttpResponse<String> publishBinary(Map<String, String> ceHeaders, String data) {
        return post(CloudEventCodec.JSON, ceHeaders, data);
    }

    /** POSTs any body with the agency's token, signed as its content type says (structured, or else binary). */
    public HttpResponse<String> post(String contentType, Map<String, String> headers, String body) {
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put(KithHeaders.HTTP_SIGNATURE, signature(contentType, headers, body.getBytes(StandardCharsets.UTF_8)));
        return send(contentType, signed, body);
    }

    /** The {@code Kith-Signature} the agency gives this request, dated now by its clock. */
    public String signature(String contentType, Map<String, String> headers, byte[] body) {
        byte[] input;
        if (contentType.toLowerCase(Locale.ROOT).startsWith(CloudEventCodec.STRUCTURED_JSON)
                || contentType.toLowerCase(Locale.ROOT).startsWith(FHIR_JSON)) { // FHIR: signed over the body alone
            input = SigningInput.structured(body);
        } else {
            Map<String, String> binding = new LinkedHashMap<>(headers);
            binding.put(CloudEventCodec.Binding.HTTP.contentTypeHeader(), contentType);
            input = SigningInput.binary(binding, CloudEventCodec.Binding.HTTP, body);
        }
        return DetachedJws.sign(key, clock.instant(), input);
    }

    /**
     * Sends a FHIR R4 request ({@code application/fhir+json}, signed over its bytes) to the hub's FHIR
     * edge: {@code POST} a referral Bundle to {@code /fhir/r4}, {@code PUT} a Task to {@code /fhir/r4/Task/ID},
     * {@code GET} a Task (no body, no signature).
     */
    public HttpResponse<String> fhir(String method, String path, String body) {
        var builder = HttpRequest.newBuilder(ingress.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", FHIR_JSON)
                    .header(KithHeaders.HTTP_SIGNATURE, signature(FHIR_JSON, Map.of(), body.getBytes(StandardCharsets.UTF_8)))
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("hub unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** POSTs exactly this request with the agency's token and no signature of its own (tests send forged ones). */
    public HttpResponse<String> send(String contentType, Map<String, String> headers, String body) {
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
