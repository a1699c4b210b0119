package org.kith.hub.edge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.Hub;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * A running hub for the tests of its door (what its edges take and refuse): the agency and the
 * clinic ({@link AgencyAndClinic}), an administrator and a consent officer of the administration
 * API, a small body limit, and a rate limit no test reaches. Requests go out as raw bytes, signed
 * by the agency's key where asked, so a test can send exactly the bytes it means.
 */
final class DoorHub implements AutoCloseable {

    static final String AGENCY_TOKEN = "door-agency-token";
    static final String ADMIN_TOKEN = "door-admin-token";
    static final String OFFICER_TOKEN = "door-officer-token";
    static final int MAX_BYTES = 65_536;

    private final ClinicHub running;
    private final AdminHttp http;

    private DoorHub(ClinicHub running) {
        this.running = running;
        this.http = new AdminHttp(running.hub().httpPort());
    }

    static DoorHub start(Path dir, String test) throws IOException {
        return start(dir, test, Map.of());
    }

    /** {@link #start(Path, String)} with {@code extra} settings on top. */
    static DoorHub start(Path dir, String test, Map<String, String> extra) throws IOException {
        Files.writeString(dir.resolve("users.json"), """
                {"users": [
                  {"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"},
                  {"id": "officer-1", "roles": ["consent-officer"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(ADMIN_TOKEN), PartnerRegistry.sha256(OFFICER_TOKEN)));
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                HubOption.USERS_FILE.key(), dir.resolve("users.json").toString(),
                HubOption.INGRESS_MAX_BYTES.key(), Integer.toString(MAX_BYTES),
                HubOption.INGRESS_RATE_LIMIT.key(), "1000000"));
        settings.putAll(extra);
        return new DoorHub(ClinicHub.start(dir, AGENCY_TOKEN, KafkaBrokers.Kind.EMBEDDED, test, settings));
    }

    Hub hub() {
        return running.hub();
    }

    ClinicHub clinicHub() {
        return running;
    }

    int port() {
        return running.hub().httpPort();
    }

    /**
     * POSTs {@code body} to the ingress with the agency's token and {@code headers}; signed by the agency
     * as {@code contentType} says (over the {@code ce-} headers too in binary mode) when {@code sign}.
     * A null content type sends none.
     */
    HttpResponse<String> submit(String contentType, Map<String, String> headers, byte[] body, boolean sign) {
        return submit("", contentType, headers, body, sign);
    }

    /** {@link #submit(String, Map, byte[], boolean)} with {@code query} after the path (e.g. {@code ?ce-id=x}). */
    HttpResponse<String> submit(String query, String contentType, Map<String, String> headers, byte[] body, boolean sign) {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        if (sign) {
            sent.put(KithHeaders.HTTP_SIGNATURE, running.agency().signature(
                    contentType == null ? CloudEventCodec.STRUCTURED_JSON : contentType, headers, body));
        }
        if (contentType != null) {
            sent.put("Content-Type", contentType);
        }
        sent.put("Authorization", "Bearer " + AGENCY_TOKEN);
        return send("POST", RestIngressRoutes.PATH + query, sent, body);
    }

    /** Any request to the hub's HTTP API, with a bearer token (or none) and a body (or none). */
    HttpResponse<String> call(String method, String path, String token, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return send(method, path, headers, body);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body) {
        return http.send(method, path, headers, body);
    }

    /** A structured-mode document in binary mode: its attributes as {@code ce-} headers (the body is {@link #dataOf}). */
    static Map<String, String> binaryHeaders(String structured) {
        JsonNode document = ClinicHub.json(structured);
        Map<String, String> ce = new LinkedHashMap<>();
        for (String name : List.of("specversion", "id", "source", "type", "subject", "time", "familyid", "purpose", "recipients")) {
            ce.put("ce-" + name, document.get(name).asText());
        }
        return ce;
    }

    /** The data of a structured-mode document, as JSON text. */
    static String dataOf(String structured) {
        return ClinicHub.json(structured).get("data").toString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return ClinicHub.json(response.body());
    }

    @Override
    public void close() {
        running.close();
    }
}
