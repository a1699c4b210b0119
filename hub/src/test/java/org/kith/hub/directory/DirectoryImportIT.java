package org.kith.hub.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * An HSDS 3.0 export imported into a running hub, on the real broker, four-eyes approval on: its
 * organizations and services become drafts and nothing of it is live; the administrator who imported
 * cannot approve, another can, and only then is an entry live (an organization also a registered
 * partner). A second export with one organization renamed proposes one changed draft with its diff;
 * an invalid export is refused with every violation's pointer and imports nothing.
 */
class DirectoryImportIT {

    private static final String IMPORTER = "directory-importer-token";
    private static final String APPROVER = "directory-approver-token";
    private static final String DIRECTORY = "/v1/admin/directory";
    private static final String HARBOR = "0b1c9a2e-5d1f-4c3e-9a55-1f6a7f0c2a01";
    private static final String THERAPY = "a1f0c2d4-6e8b-4a1c-9d3e-5f7a9b1c3d11";

    @Test
    void importedEntriesAreDraftsLiveOnlyOnceAnotherAdministratorApprovesThem(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"},
                           {"id": "admin-2", "roles": ["administrator"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(IMPORTER), PartnerRegistry.sha256(APPROVER)));
        try (ClinicHub running = ClinicHub.start(dir, "directory-agency-token", KafkaBrokers.Kind.EMBEDDED,
                getClass().getSimpleName(), Map.of(HubOption.USERS_FILE.key(), users.toString(),
                        HubOption.ADMIN_FOUR_EYES.key(), "true"))) {
            AdminHttp api = new AdminHttp(running.hub().httpPort());
            JsonNode export = sample();

            var imported = api.post(DIRECTORY + "/imports", IMPORTER, export.toString());
            assertEquals(200, imported.statusCode(), imported.body());
            JsonNode answer = AdminHttp.json(imported);
            assertEquals(7, answer.get("drafts").size(), "three organizations and four services");
            assertEquals(List.of("child-care", "early-intervention", "housing", "mental-health"),
                    texts(answer.get("serviceTypes")));
            assertEquals(List.of("north-county", "south-county"), texts(answer.get("areas")));
            assertEquals(7, drafts(api).size());
            assertEquals(0, AdminHttp.json(api.get(DIRECTORY, APPROVER)).get("entries").size(), "nothing live on import");
            JsonNode harbor = drafts(api).stream().filter(d -> d.get("draftId").asText().equals("organization:" + HARBOR))
                    .findFirst().orElseThrow().get("proposed");
            String partner = harbor.get("partnerId").asText();
            assertEquals("harbor-family-counseling", partner);
            assertEquals("mental-health", harbor.get("kind").asText());
            assertEquals(404, api.get("/v1/admin/partners/" + partner, APPROVER).statusCode(), "no partner yet");

            assertEquals(409, approve(api, "service:" + THERAPY, APPROVER).statusCode(), "its organization first");
            assertEquals(403, approve(api, "organization:" + HARBOR, IMPORTER).statusCode(), "not by the importer");
            assertEquals(200, approve(api, "organization:" + HARBOR, APPROVER).statusCode());
            assertEquals(200, approve(api, "service:" + THERAPY, APPROVER).statusCode());

            List<JsonNode> live = new ArrayList<>();
            AdminHttp.json(api.get(DIRECTORY, APPROVER)).get("entries").forEach(live::add);
            assertEquals(2, live.size(), live.toString());
            JsonNode therapy = live.stream().filter(e -> THERAPY.equals(e.path("hsdsId").asText())).findFirst().orElseThrow();
            assertEquals("mental-health", therapy.get("serviceType").asText());
            assertEquals(partner, therapy.get("partnerId").asText());
            assertEquals(List.of("north-county", "south-county"), texts(therapy.get("areas")));
            assertEquals(200, api.get("/v1/admin/partners/" + partner, APPROVER).statusCode(), "registered on approval");
            assertEquals(5, drafts(api).size());

            ((ObjectNode) export.get("organization").get(0)).put("name", "Harbor Family Counseling Center");
            JsonNode again = AdminHttp.json(api.post(DIRECTORY + "/imports", IMPORTER, export.toString()));
            assertEquals(1, again.get("unchanged").asInt(), "the approved service is as it was");
            JsonNode changed = drafts(api).stream().filter(d -> d.get("draftId").asText().equals("organization:" + HARBOR))
                    .findFirst().orElseThrow();
            assertEquals("changed", changed.get("change").asText());
            assertEquals(1, changed.get("diff").size(), changed.toString());
            assertEquals("name", changed.at("/diff/0/field").asText());
            assertEquals("Harbor Family Counseling", changed.at("/diff/0/from").asText());
            assertEquals(partner, changed.at("/proposed/partnerId").asText(), "the partner id stays");

            ((ObjectNode) export.get("service").get(1)).put("status", "open");
            ((ObjectNode) export.get("service_area").get(3)).put("service_id", "no-such-service");
            ((ObjectNode) export.get("location").get(0)).remove("location_type");
            var refused = api.post(DIRECTORY + "/imports", IMPORTER, export.toString());
            assertEquals(422, refused.statusCode(), refused.body());
            List<String> pointers = new ArrayList<>();
            Json.mapper().readTree(refused.body()).get("violations").forEach(v -> pointers.add(v.get("pointer").asText()));
            assertTrue(pointers.contains("/service/1/status"), pointers.toString());
            assertTrue(pointers.stream().anyMatch(p -> p.startsWith("/location/0")), pointers.toString());
            assertEquals(6, drafts(api).size(), "nothing of it imported");
        }
    }

    private static JsonNode sample() throws Exception {
        try (InputStream in = DirectoryImportIT.class.getResourceAsStream("hsds-county.json")) {
            return Json.mapper().readTree(in);
        }
    }

    private static List<JsonNode> drafts(AdminHttp api) {
        List<JsonNode> drafts = new ArrayList<>();
        AdminHttp.json(api.get(DIRECTORY + "/drafts", APPROVER)).get("drafts").forEach(drafts::add);
        return drafts;
    }

    private static java.net.http.HttpResponse<String> approve(AdminHttp api, String draftId, String token) {
        return api.post(DIRECTORY + "/drafts/" + draftId + "/approve", token, null);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
