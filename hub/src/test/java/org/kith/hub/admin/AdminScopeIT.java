package org.kith.hub.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * Every operation of the administration API honours the caller's agency scope (OWASP API1, broken
 * object-level authorisation). The walk reads the served OpenAPI document, so an operation added
 * later is walked too: each operation's {@code x-kith-scope} says which families it touches, and
 * one whose path or request body names a family must say so. Each is then called, as every role it
 * admits, by a user scoped to the family's agency and by one scoped to another agency. Outside the
 * scope the answer is exactly what that user gets for a family that does not exist (404, the same
 * problem document: no existence oracle) and carries nothing of the family; dead letters are listed
 * and replayed only for families in scope; the measures are those of the user's own agencies.
 */
class AdminScopeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String ELSEWHERE = "lakeside-cw";
    private static final String AGENCY_TOKEN = "scope-it-agency-token";
    private static final String FAMILY = "F-S";
    private static final String UNKNOWN = "F-nobody";
    private static final String DIRECTIVE = "D-S";
    private static final long NO_OFFSET = 999_999;
    private static final List<String> ROLES = List.of("administrator", "consent-officer", "auditor", "operator",
            "emergency", "metrics");
    private static final Set<String> SCOPES = Set.of("none", "family-path", "family-body", "family-records",
            "agencies");
    /** What of the family's data an answer about it would show: its members, its directive, its referrals. */
    private static final List<String> FAMILY_DATA = List.of(FAMILY + "-P1", FAMILY + "-C1", DIRECTIVE, "R-S", "Alex");

    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> walked = new TreeMap<>();

    @Test
    void everyFamilyScopedOperationAnswersOutsideTheScopeAsForAFamilyThatDoesNotExist(@TempDir Path dir)
            throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic), Map.of(), Map.of()), Clock.systemUTC())) {
            clinic.refuse("R-S-refused", 422);
            var api = new AdminHttp(hub.httpPort());
            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, FAMILY)).statusCode());
            assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, FAMILY, DIRECTIVE, CLINIC)).statusCode());
            assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, FAMILY, "R-S", CLINIC)).statusCode());
            assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, FAMILY, "R-S-refused", CLINIC)).statusCode());
            // the family's file cannot take a revocation of a directive it never had: a dead letter of the family
            assertEquals(202, agency.publish(DemoMessages.revocation(AGENCY, FAMILY, "D-never")).statusCode());
            await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(AdminRoutes.FAMILIES + "/" + FAMILY
                    + "/accounting", token("audit-all"))).path("entries").size(), n -> n == 2);
            long letter = offsetOf(await().atMost(DEADLINE).until(() -> letters(api, "ops-all", ""),
                    list -> offsetOf(list) >= 0));
            long refused = offsetOf(await().atMost(DEADLINE).until(() -> letters(api, "ops-all", "?partner=" + CLINIC),
                    list -> offsetOf(list) >= 0));
            await().atMost(DEADLINE).until(() -> api.get(AdminRoutes.MEASURES, token("audit-all")).body(),
                    body -> body.contains(AGENCY + " \u2192 " + CLINIC));

            JsonNode document = Json.mapper().readTree(api.get(AdminRoutes.OPENAPI, null).body());
            var paths = document.get("paths").fields();
            while (paths.hasNext()) {
                var path = paths.next();
                var operations = path.getValue().fields();
                while (operations.hasNext()) {
                    var operation = operations.next();
                    String method = operation.getKey().toUpperCase();
                    if (!operation.getValue().has("x-kith-roles")) {
                        continue; // served to anyone: no family's data, nobody's scope (OpenApiTest holds them public)
                    }
                    String scope = classification(document, method, path.getKey(), operation.getValue());
                    walked.merge(scope, 1, Integer::sum);
                    for (JsonNode role : operation.getValue().get("x-kith-roles")) {
                        Call call = new Call(api, document, method, path.getKey(), operation.getValue(),
                                role.asText());
                        switch (scope) {
                            case "family-path", "family-body" -> family(call);
                            case "family-records" -> deadLetters(call, call.path.contains("{offset}")
                                    ? Map.of("", letter, "?partner=" + CLINIC, refused) : Map.of("", -1L, "?partner=" + CLINIC, -1L));
                            case "agencies" -> agencies(call);
                            default -> noFamily(call);
                        }
                    }
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " scope failures:\n" + String.join("\n", failures));
            assertTrue(walked.keySet().containsAll(SCOPES), "every kind of operation was walked: " + walked);
        }
    }

    // ---------------------------------------------------------------- the classes of operation

    /** A family in the path or the body: outside the scope, exactly the answer for a family that does not exist. */
    private void family(Call call) {
        for (String query : call.queries()) {
            String what = call + query;
            HttpResponse<String> inside = call.send(FAMILY, query, "in");
            HttpResponse<String> outside = call.send(FAMILY, query, "out");
            HttpResponse<String> unknown = call.send(UNKNOWN, query, "out");
            check(outside.statusCode() == 404, what + " out of scope: " + outside.statusCode() + " " + outside.body());
            check(unknown.body().replace(UNKNOWN, FAMILY).equals(outside.body()), what
                    + " out of scope answers otherwise than for a family that does not exist: " + outside.body()
                    + " / " + unknown.body());
            noFamilyData(what + " out of scope", outside.body());
            check(inside.statusCode() != 401 && inside.statusCode() != 403 && !inside.body().equals(outside.body()),
                    what + " in scope: " + inside.statusCode() + " " + inside.body());
        }
        if (call.method.equals("GET") && call.path.endsWith("/directives")
                || call.method.equals("POST") && call.path.endsWith("/dry-run")) {
            HttpResponse<String> inside = call.send(FAMILY, "", "in");
            check(inside.statusCode() == 200 && inside.body().contains(DIRECTIVE), call + " in scope shows the family: "
                    + inside.statusCode() + " " + inside.body());
        }
    }

    /** Dead letters: a user sees and replays those of the families in its scope, and no other. */
    private void deadLetters(Call call, Map<String, Long> offsets) {
        offsets.forEach((query, offset) -> {
            String what = call + query;
            if (offset < 0) {
                String outside = call.send(FAMILY, query, "out").body();
                noFamilyData(what + " out of scope", outside);
                check(!outside.contains(FAMILY), what + " out of scope lists the family's letter: " + outside);
                String inside = call.send(FAMILY, query, "in").body();
                check(inside.contains("\"" + FAMILY + "\""), what + " in scope misses the family's letter: " + inside);
                return;
            }
            HttpResponse<String> outside = call.sendAt(offset, query, "out");
            HttpResponse<String> none = call.sendAt(NO_OFFSET, query, "out");
            check(outside.statusCode() == 404, what + " out of scope: " + outside.statusCode() + " " + outside.body());
            check(none.body().replace(String.valueOf(NO_OFFSET), String.valueOf(offset)).equals(outside.body()),
                    what + " out of scope answers otherwise than for no letter: " + outside.body() + " / " + none.body());
            HttpResponse<String> inside = call.sendAt(offset, query, "in");
            // a partner's letter is redelivered and decided again: 200 with the decision, or 202 while it is pending
            boolean accepted = inside.statusCode() == 202 || query.contains("partner") && inside.statusCode() == 200;
            check(accepted, what + " in scope: " + inside.statusCode() + " " + inside.body());
        });
    }

    /** Counts over many families: a scoped user sees those of its own agencies' referrals only. */
    private void agencies(Call call) {
        for (String query : call.queries()) {
            String what = call + query;
            HttpResponse<String> outside = call.send(FAMILY, query, "out");
            check(outside.statusCode() == 200, what + " out of scope: " + outside.statusCode());
            check(!outside.body().contains(AGENCY) && !outside.body().contains(CLINIC),
                    what + " shows another agency's referrals: " + outside.body());
            HttpResponse<String> inside = call.send(FAMILY, query, "in");
            check(inside.statusCode() == 200, what + " in scope: " + inside.statusCode());
            if (call.path.equals(AdminRoutes.MEASURES)) {
                check(inside.body().contains(AGENCY), what + " in scope misses its own agency: " + inside.body());
            }
        }
    }

    /** No family: the answer does not depend on the caller's scope. */
    private void noFamily(Call call) {
        HttpResponse<String> inside = call.send(FAMILY, "", "in");
        HttpResponse<String> outside = call.send(FAMILY, "", "out");
        check(inside.statusCode() == outside.statusCode(), call + " depends on the scope: " + inside.statusCode()
                + " / " + outside.statusCode());
        noFamilyData(call + " out of scope", outside.body());
    }

    // ---------------------------------------------------------------- the classification

    /**
     * The operation's {@code x-kith-scope}, which must be one of the known ones, and must name a
     * family whenever the path or the request body does. Unclassified, the walk goes on by what the
     * operation names, so that every failure shows.
     */
    private String classification(JsonNode document, String method, String path, JsonNode operation) {
        String what = method + " " + path;
        boolean inPath = path.contains("{familyId}");
        boolean inBody = namesFamily(document, operation.path("requestBody"), new HashSet<>());
        String scope = operation.path("x-kith-scope").asText("");
        if (!SCOPES.contains(scope)) {
            failures.add(what + " is not classified (x-kith-scope '" + scope + "')");
            return inPath ? "family-path" : inBody ? "family-body" : "none";
        }
        if (inPath && !scope.equals("family-path")) {
            failures.add(what + " has a family in its path but is classified " + scope);
        } else if (!inPath && inBody && !scope.equals("family-body")) {
            failures.add(what + " has a family in its body but is classified " + scope);
        }
        return scope;
    }

    /** Whether a schema, followed through its references, has a {@code familyid} or {@code familyId} member. */
    private static boolean namesFamily(JsonNode document, JsonNode node, Set<String> seen) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && seen.add(ref.asText())) {
                return namesFamily(document, document.at(ref.asText().substring(1)), seen);
            }
            var members = node.fields();
            while (members.hasNext()) {
                var member = members.next();
                if (member.getKey().equals("properties") && (member.getValue().has("familyid")
                        || member.getValue().has("familyId"))) {
                    return true;
                }
                if (namesFamily(document, member.getValue(), seen)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (namesFamily(document, item, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- calls

    /** One operation called as one role: by {@code <role>-in} (scoped to the agency) or {@code <role>-out}. */
    private record Call(AdminHttp api, JsonNode document, String method, String path, JsonNode operation,
                        String role) {

        HttpResponse<String> send(String familyId, String query, String side) {
            String concrete = path.replace("{familyId}", familyId).replace("{directiveId}", DIRECTIVE)
                    .replace("{authorityId}", "A-none").replace("{changeId}", "00000000-0000-0000-0000-000000000000")
                    .replace("{id}", "nobody-x").replace("{offset}", String.valueOf(NO_OFFSET))
                    .replace("{draftId}", "service:nobody-x");
            return call(concrete + query, body(familyId), side);
        }

        HttpResponse<String> sendAt(long offset, String query, String side) {
            return call(path.replace("{offset}", String.valueOf(offset)) + query, null, side);
        }

        private HttpResponse<String> call(String target, String body, String side) {
            return api.send(method, target, token(role + "-" + side), body, body == null ? null : contentType());
        }

        /** A message about the family for an operation that takes one (the dry-run); no body otherwise. */
        private String body(String familyId) {
            return "application/cloudevents+json".equals(contentType())
                    ? DemoMessages.referral(AGENCY, familyId, "R-S-try", CLINIC) : null;
        }

        private String contentType() {
            var types = operation.path("requestBody").path("content").fieldNames();
            return types.hasNext() ? types.next() : null;
        }

        /** The query variants an operation takes: as it is, and in every format its document names. */
        List<String> queries() {
            List<String> queries = new ArrayList<>(List.of(""));
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode resolved = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1))
                        : parameter;
                if (resolved.path("name").asText().equals("format")) {
                    resolved.at("/schema/enum").forEach(format -> queries.add("?format=" + format.asText()));
                }
            }
            return queries;
        }

        @Override
        public String toString() {
            return method + " " + path + " as " + role;
        }
    }

    private void check(boolean holds, String failure) {
        if (!holds) {
            failures.add(failure);
        }
    }

    private void noFamilyData(String what, String body) {
        for (String data : FAMILY_DATA) {
            check(!body.contains(data), what + " shows " + data + ": " + body);
        }
    }

    private static JsonNode letters(AdminHttp api, String user, String query) {
        return AdminHttp.json(api.get(AdminRoutes.DEAD_LETTERS + query, token(user))).path("deadLetters");
    }

    private static long offsetOf(JsonNode letters) {
        for (JsonNode letter : letters) {
            if (FAMILY.equals(letter.path("key").asText())) {
                return letter.path("offset").asLong();
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- the hub

    private static String token(String user) {
        return "scope-it-" + user;
    }

    private static Map<String, String> settings(Path dir, PartnerWebhookServer clinic) throws IOException {
        Map<String, String> settings = AgencyAndClinic.hubSettings(dir, AGENCY_TOKEN, clinic.url("/kith"),
                KafkaBrokers.Kind.EMBEDDED, "scope");
        List<String> entries = new ArrayList<>();
        for (String role : ROLES) {
            entries.add(user(role + "-in", role, AGENCY));
            entries.add(user(role + "-out", role, ELSEWHERE));
        }
        entries.add(user("ops-all", "operator", null));
        entries.add(user("audit-all", "auditor", null));
        Files.writeString(dir.resolve("users.json"), "{\"users\": [" + String.join(",\n", entries) + "]}");
        settings.put(HubOption.USERS_FILE.key(), dir.resolve("users.json").toString());
        settings.put(HubOption.COMMIT_INTERVAL_MS.key(), "50");
        return settings;
    }

    /** A users-file entry: scoped to {@code agency}, or to none. */
    private static String user(String id, String role, String agency) {
        return "{\"id\": \"" + id + "\", \"roles\": [\"" + role + "\"], \"tokenSha256\": \""
                + PartnerRegistry.sha256(token(id)) + "\"" + (agency == null ? "" : ", \"agencies\": [\"" + agency + "\"]")
                + "}";
    }
}
