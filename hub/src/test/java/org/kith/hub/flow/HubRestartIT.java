package org.kith.hub.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.topics.TopicReader;

/**
 * The default deployment: no cluster configured, so the hub runs its own broker on its data
 * directory. Consent recorded before a restart still permits delivery after it.
 */
class HubRestartIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void topicsAndConsentSurviveARestartOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        String token = "restart-test-token";
        try (var clinic = PartnerWebhookServer.start("/kith")) {
            Map<String, String> settings = AgencyAndClinic.write(dir, token, clinic.url("/kith"));
            settings.putAll(Map.of(
                    HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                    HubOption.KAFKA_PORT.key(), "0",
                    HubOption.HTTP_PORT.key(), "0",
                    HubOption.TOPIC_PARTITIONS.key(), "2"));
            HubConfig config = HubConfig.from(settings, Map.of(), Map.of());

            String consentMessage;
            try (Hub first = Hub.start(config, Clock.systemUTC())) {
                var agency = AgencyAndClinic.agency(first.httpPort(), token);
                accepted(agency.publish(DemoMessages.profile("county-cw", "F-900")));
                consentMessage = accepted(agency.publish(DemoMessages.consent("county-cw", "F-900", "D-900", "riverside-clinic")));
                await().atMost(DEADLINE).until(() -> TopicReader.readAll(first.bootstrapServers(),
                        first.topics().status("county-cw")).stream().anyMatch(r -> r.value().contains(consentMessage)));
            }

            try (Hub second = Hub.start(config, Clock.systemUTC())) {
                String referral = accepted(AgencyAndClinic.agency(second.httpPort(), token)
                        .publish(DemoMessages.referral("county-cw", "F-900", "R-900", "riverside-clinic")));
                await().atMost(DEADLINE).until(() -> clinic.deliveries().stream()
                        .anyMatch(d -> referral.equals(d.idempotencyKey())));
                assertEquals(1, TopicReader.readAll(second.bootstrapServers(), second.topics().status("county-cw")).stream()
                        .filter(r -> r.value().contains(consentMessage)).count(), "the first run's notice is still there, once");
            }
        }
    }

    private static String accepted(java.net.http.HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
        return response.body().replaceAll(".*\"messageId\":\"([^\"]+)\".*", "$1");
    }
}
