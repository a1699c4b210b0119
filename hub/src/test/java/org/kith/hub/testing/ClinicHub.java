package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.schemas.Json;

/**
 * A running hub for {@link AgencyAndClinic} on a real broker, with the clinic's webhook server and
 * the agency's system, so a flow test starts and stops all three in one place.
 */
public record ClinicHub(Hub hub, PartnerWebhookServer clinic, AgencySystem agency) implements AutoCloseable {

    /**
     * @param extra settings of this test on top of {@link AgencyAndClinic#hubSettings}
     */
    public static ClinicHub start(Path dir, String agencyToken, KafkaBrokers.Kind broker, String test,
                                  Map<String, String> extra) {
        PartnerWebhookServer clinic = PartnerWebhookServer.start("/kith");
        Map<String, String> settings = AgencyAndClinic.hubSettings(dir, agencyToken, clinic.url("/kith"), broker, test);
        settings.putAll(extra);
        Hub hub = Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
        return new ClinicHub(hub, clinic, AgencyAndClinic.agency(hub.httpPort(), agencyToken));
    }

    /** The message id of a submission the ingress accepted (202); fails the test otherwise. */
    public static String accepted(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
        return json(response.body()).get("messageId").asText();
    }

    /** The bodies of the ledger records of {@code kind} the hub has written so far, chain by chain in order. */
    public java.util.List<JsonNode> ledger(String kind) {
        return org.kith.hub.topics.TopicReader.readAll(hub.bootstrapServers(), hub.topics().ledger()).stream()
                .map(r -> json(r.value())).filter(n -> kind.equals(n.path("kind").asText())).map(n -> n.get("body"))
                .toList();
    }

    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        hub.close();
        clinic.close();
    }
}
