package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kith.hub.pipeline.PipelineFixture.CLINIC;
import static org.kith.hub.pipeline.PipelineFixture.DEADLINE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.testing.AdminHttp;
import org.kith.schemas.Envelope;

/**
 * Two hub instances share the families; an administrator changes the configuration through one and
 * a consent officer revokes directives through the other, and both instances enforce each change
 * for the families they decide, without a restart. A revocation for a family the other instance
 * holds is handed on to it.
 */
class AdminChangesOnTwoInstancesIT {

    private static final int A = 1;
    private static final int B = 2;
    private static final int FAMILIES = 12;
    private static final String ADMIN_TOKEN = "two-instances-administrator";
    private static final String OFFICER_TOKEN = "two-instances-officer";
    private static final String AGREEMENTS = "/v1/admin/agreements";

    @Test
    void aRuleChangeAndARevocationMadeThroughOneInstanceAreEnforcedByBoth(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"},
                           {"id": "officer-1", "roles": ["consent-officer"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(ADMIN_TOKEN), PartnerRegistry.sha256(OFFICER_TOKEN)));
        try (var fixture = PipelineFixture.create("AdminTwoInstancesIT", dir);
             Hub a = start(fixture, dir.resolve("a"), users, A);
             Hub b = start(fixture, dir.resolve("b"), users, B)) {
            var throughA = new AdminHttp(a.httpPort());
            var throughB = new AdminHttp(b.httpPort());
            List<String> families = new ArrayList<>();
            for (int f = 0; f < FAMILIES; f++) {
                families.add("F-2A-" + f);
                fixture.grantPermission(families.get(f), CLINIC);
            }
            fixture.awaitCaughtUp(DEADLINE);

            // the administrator ends the agency-clinic agreement through A; B enforces it too
            String mouPath = AGREEMENTS + "/" + mouWithClinic(throughA).get("id").asText();
            JsonNode agreement = AdminHttp.json(throughA.get(mouPath, ADMIN_TOKEN));
            assertEquals(200, throughA.delete(mouPath, ADMIN_TOKEN).statusCode());
            // each instance decides from its own view of the config topic: both must have seen the change
            await().atMost(DEADLINE).until(() -> throughB.get(mouPath, ADMIN_TOKEN).statusCode() == 404
                    && throughA.get(mouPath, ADMIN_TOKEN).statusCode() == 404);
            Map<String, Envelope> round1 = referrals(fixture, families, 1);
            Map<String, JsonNode> decided = decisions(fixture, round1);
            decided.values().forEach(d -> assertEquals("deny", d.get("outcome").asText(), d.toString()));
            decided.values().forEach(d -> d.get("withheld").forEach(w ->
                    assertEquals("no-agreement", w.asText().substring(w.asText().indexOf(':') + 1), d.toString())));
            assertEquals(Set.of(A, B), deciders(decided.values()), "both instances decided under the change");

            // restored through B; the families' directives revoked for half of them, all through A
            assertEquals(200, throughB.put(mouPath, ADMIN_TOKEN, agreement.toString()).statusCode());
            await().atMost(DEADLINE).until(() -> throughA.get(mouPath, ADMIN_TOKEN).statusCode() == 200
                    && throughB.get(mouPath, ADMIN_TOKEN).statusCode() == 200);
            Set<String> revoked = new HashSet<>();
            for (int f = 0; f < FAMILIES; f += 2) {
                String family = families.get(f);
                var answer = throughA.post("/v1/admin/families/" + family + "/directives/D-" + family + "-" + CLINIC
                        + "-1/revoke", OFFICER_TOKEN, "{\"revokedBy\": {\"personId\": \"" + family
                        + "-P1\", \"capacity\": \"parent\"}}");
                assertEquals(202, answer.statusCode(), family + ": " + answer.body());
                revoked.add(family);
            }
            fixture.awaitCaughtUp(DEADLINE);
            Map<String, Envelope> round2 = referrals(fixture, families, 2);
            Map<String, JsonNode> after = decisions(fixture, round2);
            Set<Integer> revokedDeciders = new HashSet<>();
            round2.forEach((family, referral) -> {
                JsonNode decision = after.get(referral.id());
                String expected = revoked.contains(family) ? "deny" : "permit";
                assertEquals(expected, decision.get("outcome").asText(), family + ": " + decision);
                if (revoked.contains(family)) {
                    revokedDeciders.add(PipelineFixture.markerOf(decision.get("at").asText()));
                }
            });
            assertEquals(Set.of(A, B), revokedDeciders, "both instances enforced revocations made through A");
        }
    }

    private static Hub start(PipelineFixture fixture, Path dataDir, Path users, int marker) {
        Map<String, String> settings = new HashMap<>(fixture.settings(dataDir));
        settings.put(HubOption.USERS_FILE.key(), users.toString());
        return Hub.start(HubConfig.from(settings, Map.of(), Map.of()), PipelineFixture.stampedClock(marker));
    }

    private static JsonNode mouWithClinic(AdminHttp api) {
        for (JsonNode mou : AdminHttp.json(api.get(AGREEMENTS, ADMIN_TOKEN)).get("agreements")) {
            if (mou.get("parties").toString().contains(CLINIC)) {
                return mou;
            }
        }
        throw new AssertionError("no agreement with the clinic");
    }

    private static Map<String, Envelope> referrals(PipelineFixture fixture, List<String> families, int round) {
        Map<String, Envelope> sent = new HashMap<>();
        families.forEach(family -> sent.put(family, fixture.referral(family, "R-" + family + "-" + round, CLINIC)));
        fixture.awaitCaughtUp(DEADLINE);
        return sent;
    }

    /** The ledger's decision for each referral, by message id. */
    private static Map<String, JsonNode> decisions(PipelineFixture fixture, Map<String, Envelope> referrals) {
        Set<String> ids = new HashSet<>();
        referrals.values().forEach(e -> ids.add(e.id()));
        Map<String, JsonNode> decided = new HashMap<>();
        for (JsonNode decision : fixture.decisions()) {
            if (ids.contains(decision.get("messageId").asText())) {
                decided.put(decision.get("messageId").asText(), decision);
            }
        }
        assertEquals(ids, decided.keySet(), "every referral decided");
        return decided;
    }

    private static Set<Integer> deciders(Iterable<JsonNode> decisions) {
        Set<Integer> markers = new HashSet<>();
        decisions.forEach(d -> markers.add(PipelineFixture.markerOf(d.get("at").asText())));
        return markers;
    }
}
