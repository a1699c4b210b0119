package org.kith.hub.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.KithCommand;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;
import picocli.CommandLine;

/**
 * {@code kith admin} against a real hub on a real broker, four-eyes approval on, run as an
 * administrator would: an agreement put from a file, listed, read and its history; an invalid one
 * refused with its violation and nothing changed; a change approved by a second administrator, one
 * rejected, a delete; a statute rule (changed at once); a dry-run; a family's directive recorded,
 * listed, revoked, its history and its FHIR export; an authority and an emergency; a partner
 * registered and removed; measures; and the refusals: a wrong token (401) and an auditor writing
 * (403). No run prints a token.
 */
class AdminCliIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";
    private static final String PROGRAM = "harbor-recovery";
    private static final String AGENCY_TOKEN = "cli-agency-token";
    private static final Map<String, String> USERS = Map.of(
            "admin-1", "administrator", "admin-2", "administrator", "audit-1", "auditor",
            "officer-1", "consent-officer", "oncall-1", "emergency");

    private final List<String> tokens = new ArrayList<>();
    private Path dir;
    private String url;

    /** One command's exit code and what it printed. */
    private record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return Json.mapper().readTree(out);
        }
    }

    @Test
    void anAdministratorManagesTheHubFromTheCommandLine(@TempDir Path dir) throws Exception {
        this.dir = dir;
        try (Hub hub = Hub.start(HubConfig.from(settings(), Map.of(), Map.of()), Clock.systemUTC())) {
            url = "http://127.0.0.1:" + hub.httpPort();
            configuration();
            refusals();
            consent(new AgencySystem(hub.httpPort(), AGENCY_TOKEN, AgencyAndClinic.keyOf(AGENCY), Clock.systemUTC()));
            partnersAndMeasures();
        }
    }

    private void configuration() throws Exception {
        Run partnership = await().atMost(DEADLINE).until(() -> kith("admin-1", "agreements", "list"),
                run -> run.out().contains("MOU-" + AGENCY + "-" + CLINIC));
        assertTrue(partnership.out().startsWith("id "), partnership.out());

        // put from a file: with four-eyes on it waits; the one who asked cannot approve it, another administrator can
        Path mou = file("mou.json", agreement("2026-02-01", "2027-06-30"));
        Run put = kith("admin-1", "agreements", "put", mou.toString());
        assertEquals(0, put.exit(), put.err());
        assertTrue(put.out().startsWith("waiting for approval: "), put.out());
        String changeId = put.out().lines().findFirst().orElseThrow().substring("waiting for approval: ".length());
        Run pending = await().atMost(DEADLINE).until(() -> kith("audit-1", "changes", "list"),
                run -> run.out().contains(changeId));
        assertTrue(pending.out().contains(changeId) && pending.out().contains("MOU-cli") && pending.out().contains("admin-1"),
                pending.out());
        Run self = kith("admin-1", "changes", "approve", changeId);
        assertEquals(1, self.exit());
        assertTrue(self.err().contains("Needs another administrator (403)"), self.err());
        Run approved = kith("admin-2", "changes", "approve", changeId);
        assertEquals(0, approved.exit(), approved.err());
        assertEquals("approved " + changeId + ": applied MOU-cli", approved.out().strip());

        Run got = await().atMost(DEADLINE).until(() -> kith("audit-1", "agreements", "get", "MOU-cli"),
                run -> run.exit() == 0);
        assertTrue(got.out().lines().anyMatch(l -> l.matches("parties\\s+" + AGENCY + ", " + PROGRAM)), got.out());
        JsonNode json = kith("audit-1", "agreements", "get", "MOU-cli", "--output", "json").json();
        assertEquals("2027-06-30", json.get("expires").asText());
        Run listed = kith("audit-1", "agreements", "list");
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("MOU-cli ") && l.contains(AGENCY + ", " + PROGRAM)
                && l.contains("referral, care-coordination") && l.endsWith("2026-02-01  2027-06-30")), listed.out());
        assertEquals(3, kith("audit-1", "agreements", "list", "--output", "json").json().get("agreements").size());
        Run history = await().atMost(DEADLINE).until(() -> kith("audit-1", "agreements", "history", "MOU-cli"),
                run -> run.out().contains("config-set"));
        assertTrue(history.out().lines().anyMatch(l -> l.contains("admin-1") && l.contains("change-requested")),
                history.out());
        assertTrue(history.out().lines().anyMatch(l -> l.matches(".*admin-2\\s+config-set\\s+admin-1")), history.out());

        // invalid: refused with the violation before anything waits, nothing changed
        Run invalid = kith("admin-1", "agreements", "put", file("bad.json", agreement("2027-01-01", "2026-01-01")).toString());
        assertEquals(1, invalid.exit());
        assertTrue(invalid.err().contains("The change is not valid (422)"), invalid.err());
        assertTrue(invalid.err().contains("  /expires: the agreement expires before it takes effect"), invalid.err());
        assertEquals("", invalid.out());
        await().atMost(DEADLINE).until(() -> kith("audit-1", "changes", "list").out().lines().count() == 1);
        assertEquals("2027-06-30", kith("audit-1", "agreements", "get", "MOU-cli", "--output", "json").json()
                .get("expires").asText());

        // delete: asked, rejected, asked again, approved
        String deletion = kith("admin-1", "agreements", "delete", "MOU-cli").out().lines().findFirst().orElseThrow();
        assertTrue(deletion.startsWith("waiting for approval: "), deletion);
        String deletionId = deletion.substring("waiting for approval: ".length());
        await().atMost(DEADLINE).until(() -> kith("audit-1", "changes", "list").out().contains(deletionId));
        Run rejected = kith("admin-1", "changes", "reject", deletionId);
        assertEquals(0, rejected.exit(), rejected.err());
        assertTrue(rejected.out().startsWith("rejected "), rejected.out());
        String again = kith("admin-1", "agreements", "delete", "MOU-cli", "--output", "json").json().get("pending").asText();
        await().atMost(DEADLINE).until(() -> kith("audit-1", "changes", "list").out().contains(again));
        Run deleted = kith("admin-2", "changes", "approve", again);
        assertEquals(0, deleted.exit(), deleted.err());
        assertEquals("approved " + again + ": deleted MOU-cli", deleted.out().strip());
        Run gone = await().atMost(DEADLINE).until(() -> kith("audit-1", "agreements", "get", "MOU-cli"),
                run -> run.exit() == 1);
        assertTrue(gone.err().contains("Not found (404): no agreement with this id"), gone.err());

        // a statute rule changes at once, and its id keeps its ':' on the way
        Run statute = kith("admin-1", "statute-rules", "put", file("statute.json", """
                {"id": "statute:cli-test", "citation": "a test statute", "senderKinds": ["school"],
                 "recipientKinds": ["child-welfare"], "categories": ["education"], "purposes": ["education-stability"]}
                """).toString());
        assertEquals("applied", statute.out().strip(), statute.err());
        Run cited = await().atMost(DEADLINE).until(() -> kith("audit-1", "statute-rules", "list"),
                run -> run.out().contains("statute:cli-test"));
        assertTrue(cited.out().lines().anyMatch(l -> l.matches("statute:cli-test\\s+a test statute")), cited.out());
        assertEquals(0, await().atMost(DEADLINE).until(() -> kith("audit-1", "statute-rules", "get", "statute:cli-test"),
                run -> run.exit() == 0).exit());
    }

    private void refusals() throws Exception {
        Path wrong = file("wrong.token", "not-a-token-of-this-hub\n");
        Run unknown = run(wrong, "agreements", "list");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("Authentication required (401): unknown, revoked or invalid token"),
                unknown.err());
        assertFalse(unknown.err().contains("not-a-token-of-this-hub") || unknown.out().contains("not-a-token"));

        Run auditor = kith("audit-1", "agreements", "put", file("mou2.json", agreement("2026-02-01", "2027-06-30")).toString());
        assertEquals(1, auditor.exit());
        assertTrue(auditor.err().contains("Not allowed (403): this needs the role [administrator]"), auditor.err());
        assertFalse(kith("audit-1", "agreements", "list").out().contains("MOU-cli"), "the auditor changed nothing");
    }

    private void consent(AgencySystem agency) throws Exception {
        assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-1")).statusCode());
        Path consent = file("consent.json", data(DemoMessages.consent(AGENCY, "F-1", "D-cli", CLINIC)));
        // the hub checks the grantor against the family's profile, filed moments after it was published
        Run recorded = await().atMost(DEADLINE).until(
                () -> kith("officer-1", "directives", "record", "F-1", consent.toString(), "--agency", AGENCY),
                run -> run.exit() == 0 || !run.err().contains("the family has no profile yet"));
        assertEquals(0, recorded.exit(), recorded.err());
        assertTrue(recorded.out().startsWith("sent: directive D-cli, message "), recorded.out());
        Run active = await().atMost(DEADLINE).until(() -> kith("audit-1", "directives", "list", "F-1"),
                run -> run.out().contains("D-cli"));
        assertTrue(active.out().lines().anyMatch(l -> l.matches("D-cli\\s+active\\s+permit\\s+\\S+\\s+" + AGENCY)),
                active.out());
        assertEquals(CLINIC, kith("officer-1", "directives", "get", "F-1", "D-cli", "--output", "json").json()
                .at("/data/recipients/0").asText());

        // what a referral to the clinic and the program would do: the family agreed to the clinic only
        Path referral = file("referral.json", DemoMessages.referral(AGENCY, "F-1", "R-cli", CLINIC + "," + PROGRAM));
        Run dryRun = await().atMost(DEADLINE).until(() -> kith("admin-1", "dry-run", referral.toString()),
                run -> run.out().lines().anyMatch(l -> l.startsWith(CLINIC + " ") && l.contains(" permit ")));
        assertTrue(dryRun.out().startsWith("referral from " + AGENCY + " about family F-1, purpose referral:"),
                dryRun.out());
        assertTrue(dryRun.out().lines().anyMatch(l -> l.startsWith(PROGRAM + " ") && l.contains(" deny ")), dryRun.out());
        JsonNode report = kith("officer-1", "dry-run", referral.toString(), "--output", "json").json();
        assertEquals(2, report.get("recipients").size(), report.toString());
        Run officerCannot = kith("officer-1", "agreements", "list");
        assertEquals(1, officerCannot.exit());

        Run revoked = kith("officer-1", "directives", "revoke", "F-1", "D-cli", "--by", "F-1-P1", "--capacity", "parent",
                "--reason", "the mother withdrew her consent");
        assertEquals(0, revoked.exit(), revoked.err());
        assertTrue(revoked.out().startsWith("sent: revocation of D-cli, message "), revoked.out());
        await().atMost(DEADLINE).until(() -> kith("officer-1", "directives", "list", "F-1").out(),
                out -> out.lines().anyMatch(l -> l.matches("D-cli\\s+revoked\\s+.*")));
        Run steps = await().atMost(DEADLINE).until(() -> kith("audit-1", "directives", "history", "F-1", "D-cli"),
                run -> run.out().lines().count() >= 5);
        assertTrue(steps.out().lines().anyMatch(l -> l.contains("officer-1") && l.contains("consent-directive-")),
                steps.out());
        assertTrue(steps.out().lines().anyMatch(l -> l.contains("officer-1") && l.contains("consent-revocation-")),
                steps.out());
        assertTrue(steps.out().lines().filter(l -> l.contains(" " + AGENCY + " ")).count() >= 2, steps.out());
        await().atMost(DEADLINE).until(() -> kith("admin-1", "dry-run", referral.toString()).out(),
                out -> out.lines().anyMatch(l -> l.startsWith(CLINIC + " ") && l.contains(" deny ")));
        JsonNode bundle = Json.mapper().readTree(kith("officer-1", "directives", "list", "F-1", "--fhir").out());
        assertEquals("Bundle", bundle.get("resourceType").asText(), bundle.toString());
        JsonNode fhirConsent = Json.mapper().readTree(kith("audit-1", "directives", "get", "F-1", "D-cli", "--fhir").out());
        assertEquals("Consent", fhirConsent.get("resourceType").asText(), fhirConsent.toString());
        assertEquals("inactive", fhirConsent.get("status").asText(), "a revoked directive is exported inactive");

        // a court order; break glass by the emergency role only
        Run order = kith("officer-1", "authorities", "record", "F-1",
                file("order.json", data(DemoMessages.courtOrder("family-court", "F-1", "A-order", CLINIC))).toString());
        assertEquals(0, order.exit(), order.err());
        Path glass = file("emergency.json", data(DemoMessages.emergency(AGENCY, "F-1", "A-glass", PROGRAM, Instant.now())));
        Run notOnCall = kith("officer-1", "emergency", "F-1", glass.toString());
        assertEquals(1, notOnCall.exit());
        assertTrue(notOnCall.err().contains("(403)"), notOnCall.err());
        Run declared = kith("oncall-1", "emergency", "F-1", glass.toString());
        assertEquals(0, declared.exit(), declared.err());
        assertTrue(declared.out().contains("logged and will be reviewed"), declared.out());
        Run authorities = await().atMost(DEADLINE).until(() -> kith("audit-1", "authorities", "list", "F-1"),
                run -> run.out().contains("A-glass") && run.out().contains("A-order"));
        assertTrue(authorities.out().lines().anyMatch(l -> l.matches("A-glass\\s+emergency\\s+.*")), authorities.out());
        assertTrue(authorities.out().lines().anyMatch(l -> l.matches("A-order\\s+court-order\\s+.*")), authorities.out());
        Run accounting = kith("audit-1", "accounting", "F-1");
        assertEquals(0, accounting.exit(), accounting.err());
        assertTrue(accounting.out().startsWith("at "), accounting.out());
    }

    private void partnersAndMeasures() throws Exception {
        Run partners = kith("audit-1", "partners", "list");
        assertTrue(partners.out().lines().anyMatch(l -> l.matches(CLINIC + "\\s+mental-health\\s+Riverside Clinic\\s+1")),
                partners.out());
        assertFalse(partners.out().contains(PartnerRegistry.sha256(AGENCY_TOKEN)), "no token hash");
        assertEquals("substance-use-treatment", kith("admin-1", "partners", "get", PROGRAM, "--output", "json").json()
                .get("kind").asText());
        Run school = kith("admin-1", "partners", "put", file("school.json", """
                {"id": "north-school", "kind": "school", "name": "North Elementary"}""").toString());
        assertEquals("applied", school.out().strip(), school.err());
        await().atMost(DEADLINE).until(() -> kith("audit-1", "partners", "list").out(),
                out -> out.lines().anyMatch(l -> l.matches("north-school\\s+school\\s+North Elementary\\s+0")));
        Run registered = await().atMost(DEADLINE).until(() -> kith("audit-1", "partners", "history", "north-school"),
                run -> run.out().contains("partner-set"));
        assertTrue(registered.out().lines().anyMatch(l -> l.matches(".*admin-1\\s+partner-set")), registered.out());
        Run inUse = kith("admin-1", "partners", "delete", CLINIC);
        assertEquals(1, inUse.exit());
        assertTrue(inUse.err().contains("Still named (409)"), inUse.err());
        assertEquals("removed north-school", kith("admin-1", "partners", "delete", "north-school").out().strip());
        Run gaps = kith("audit-1", "service-gaps");
        assertEquals(0, gaps.exit(), gaps.err());
        assertTrue(gaps.out().startsWith("serviceType  area  reason  count"), gaps.out());
        Run csv = kith("admin-1", "measures", "--from", "2026-01", "--to", "2026-12", "--format", "csv");
        assertTrue(csv.out().startsWith("table_id,row,column,value,suppressed"), csv.out());
        Run bad = kith("admin-1", "measures", "--format", "pdf");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("'format' must be one of"), bad.err());
    }

    // ---------------------------------------------------------------- helpers

    /** {@code kith admin ARGS} as {@code user}, with the user's token file and the hub's address. */
    private Run kith(String user, String... args) throws IOException {
        return run(dir.resolve(user + ".token"), args);
    }

    private Run run(Path tokenFile, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> line = new ArrayList<>(List.of("admin"));
        line.addAll(List.of(args));
        line.addAll(List.of("--url", url, "--token-file", tokenFile.toString()));
        int exit = new CommandLine(new KithCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(line.toArray(String[]::new));
        for (String token : tokens) {
            assertFalse(out.toString().contains(token) || err.toString().contains(token), "a token printed by " + line);
        }
        return new Run(exit, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String agreement(String effective, String expires) {
        return """
                {"id": "MOU-cli", "parties": ["%s", "%s"], "purposes": ["referral", "care-coordination"],
                 "messageTypes": ["referral", "referral-status"], "categories": ["administrative", "service", "identity"],
                 "effective": "%s", "expires": "%s"}
                """.formatted(AGENCY, PROGRAM, effective, expires);
    }

    /** The data of one of the demo's messages: what an officer records through the admin API. */
    private static String data(String event) throws IOException {
        return Json.mapper().readTree(event).get("data").toString();
    }

    private Map<String, String> settings() throws IOException {
        StringBuilder partners = new StringBuilder("{\"partners\": [");
        String[][] kinds = {{AGENCY, "child-welfare", "County Child Welfare"}, {CLINIC, "mental-health", "Riverside Clinic"},
                {PROGRAM, "substance-use-treatment", "Harbor Recovery"}, {"family-court", "court", "Family Court"}};
        for (int i = 0; i < kinds.length; i++) {
            String id = kinds[i][0];
            partners.append(i == 0 ? "" : ",").append("""
                    {"id": "%s", "kind": "%s", "name": "%s", "tokenSha256": "%s", "publicKeys": %s}""".formatted(id,
                    kinds[i][1], kinds[i][2], PartnerRegistry.sha256(id.equals(AGENCY) ? AGENCY_TOKEN : id + "-token"),
                    AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(id))));
        }
        Files.writeString(dir.resolve("partners.json"), partners + "]}");
        Files.writeString(dir.resolve("partnership.json"), DemoMessages.partnership(AGENCY, CLINIC, PROGRAM));
        List<String> users = new ArrayList<>();
        for (Map.Entry<String, String> user : USERS.entrySet()) {
            String token = "cli-" + user.getKey() + "-token-" + UUID.randomUUID();
            tokens.add(token);
            Files.writeString(dir.resolve(user.getKey() + ".token"), token + "\n");
            users.add("""
                    {"id": "%s", "roles": ["%s"], "tokenSha256": "%s"}""".formatted(user.getKey(), user.getValue(),
                    PartnerRegistry.sha256(token)));
        }
        Files.writeString(dir.resolve("users.json"), "{\"users\": [" + String.join(",", users) + "]}");
        Map<String, String> settings = new HashMap<>();
        settings.put(HubOption.PARTNERS_FILE.key(), dir.resolve("partners.json").toString());
        settings.put(HubOption.CONFIG_FILE.key(), dir.resolve("partnership.json").toString());
        settings.put(HubOption.USERS_FILE.key(), dir.resolve("users.json").toString());
        settings.put(HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE);
        settings.put(HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED));
        settings.put(HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("cli"));
        settings.put(HubOption.TOPIC_PARTITIONS.key(), "2");
        settings.put(HubOption.DATA_DIR.key(), dir.resolve("data").toString());
        settings.put(HubOption.HTTP_PORT.key(), "0");
        settings.put(HubOption.COMMIT_INTERVAL_MS.key(), "50");
        settings.put(HubOption.ADMIN_FOUR_EYES.key(), "true");
        return settings;
    }
}
