package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.kith.hub.pipeline.PipelineFixture.AGENCY;
import static org.kith.hub.pipeline.PipelineFixture.AGENCY_TOKEN;
import static org.kith.hub.pipeline.PipelineFixture.CLINIC;
import static org.kith.hub.pipeline.PipelineFixture.DEADLINE;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.family.FamilyLimitExceeded;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.schemas.Json;

/**
 * A family's limits hold at the door of every instance: a directive past them is refused 422
 * {@code family-limit} whichever instance the agency sends it to, the one that holds the family
 * checking in place and the other asking it ({@code POST /v1/families/{familyId}/limits}, handed
 * on); an amendment of a directive in force is taken. Six families over the partitions two
 * instances share, each tried through both: every family is checked once in place and once asked.
 */
class FamilyLimitsOnTwoInstancesIT {

    private static final int FAMILIES = 6;

    @Test
    void aDirectivePastTheFamilysLimitIsRefusedAtTheDoorOfEitherInstance(@TempDir Path dir) throws Exception {
        try (var fixture = PipelineFixture.create("FamilyLimitsTwoIT", dir);
             Hub a = start(fixture, dir.resolve("a"));
             Hub b = start(fixture, dir.resolve("b"))) {
            List<String> families = new ArrayList<>();
            for (int f = 0; f < FAMILIES; f++) {
                String family = "F-2L-" + f;
                families.add(family);
                fixture.grantPermission(family, CLINIC);
                fixture.grantPermission(family, CLINIC);
            }
            fixture.flush();
            fixture.awaitCaughtUp(DEADLINE);
            // the door asks the instance holding the family and lets through what it cannot tell
            // (no instance holds it, mid-rebalance): first every family held and answered through both
            for (Hub hub : List.of(a, b)) {
                for (String family : families) {
                    await(family + " held and answered through " + hub.httpPort()).atMost(DEADLINE)
                            .pollInterval(Duration.ofMillis(200)).until(() -> check(hub, family, "D-third").statusCode() == 200);
                }
            }

            for (Hub hub : List.of(a, b)) {
                var agency = new AgencySystem(hub.httpPort(), AGENCY_TOKEN, AgencyAndClinic.AGENCY_KEY, Clock.systemUTC());
                for (String family : families) {
                    HttpResponse<String> third = agency.publish(DemoMessages.consent(AGENCY, family, "D-third", CLINIC));
                    assertEquals(422, third.statusCode(), family + ": " + third.body());
                    assertEquals(FamilyLimitExceeded.REASON, Json.mapper().readTree(third.body()).path("reason").asText());

                    HttpResponse<String> answer = check(hub, family, "D-third");
                    assertEquals(200, answer.statusCode(), answer.body());
                    JsonNode asked = Json.mapper().readTree(answer.body());
                    assertFalse(asked.path("withinLimits").asBoolean(true), family + ": " + asked);
                    assertEquals(FamilyLimitExceeded.REASON, asked.path("reason").asText());
                }
            }
            var throughA = new AgencySystem(a.httpPort(), AGENCY_TOKEN, AgencyAndClinic.AGENCY_KEY, Clock.systemUTC());
            for (String family : families) {
                String amendment = DemoMessages.consent(AGENCY, family, "D-" + family + "-" + CLINIC + "-1", CLINIC);
                assertEquals(202, throughA.publish(amendment).statusCode(), family + ": an amendment keeps the count");
            }
        }
    }

    private static HttpResponse<String> check(Hub hub, String family, String directiveId) throws Exception {
        JsonNode data = Json.mapper().readTree(DemoMessages.consent(AGENCY, family, directiveId, CLINIC)).get("data");
        String body = Json.mapper().writeValueAsString(Map.of("type", "org.kith.consent-directive.v1", "data", data));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/v1/families/" + family
                        + "/limits")).header("Authorization", "Bearer " + AGENCY_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Hub start(PipelineFixture fixture, Path dataDir) {
        Map<String, String> settings = new HashMap<>(fixture.settings(dataDir));
        settings.put(HubOption.FAMILY_MAX_DOCUMENTS.key(), "2");
        // not about the rate limit: a check handed on counts on both instances' shared budget
        settings.put(HubOption.INGRESS_RATE_LIMIT.key(), "1000");
        return Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
    }
}
