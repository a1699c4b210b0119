package org.kith.hub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.Hub;
import org.kith.hub.admin.Role;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.console.ConsoleRoute;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.crypto.Verifier;
import org.kith.hub.edge.JwksRoute;
import org.kith.hub.edge.ReferralRoutes;
import org.kith.hub.ledger.LedgerCommands;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.ledger.LedgerVerification;
import org.kith.hub.ledger.LedgerVerifier;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * The scripted demo: a county child welfare agency, a counseling clinic and a school on one hub,
 * with a data-sharing agreement between the agency and the clinic. The agency records a family's
 * profile and the mother's consent for the clinic, then refers two families to the clinic: the
 * family that consented is delivered without the contact data the consent does not release (the
 * agency is told what was removed and why), the other is withheld and the agency is told why.
 * A malformed submission is refused. Then the loop closes: the clinic accepts, and since the
 * mother agreed, the agency receives the answer and looks the referral up. Everything runs on this machine: the embedded broker, the
 * hub, and the partners' webhook servers. All people and families are fictional.
 */
public final class Demo {

    static final String AGENCY = "county-cw";
    static final String CLINIC = "riverside-clinic";
    static final String SCHOOL = "lincoln-elementary";
    static final String COURT = "family-court";
    static final String HOUSING = "lakeside-housing";
    static final String PROGRAM = "harbor-recovery";
    static final String FHIR_CLINIC = "mercy-pediatrics";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final PrintStream out;

    public Demo(PrintStream out) {
        this.out = out;
    }

    /** Runs the scenario; with {@code once} returns when it is done, otherwise serves until interrupted. */
    public void run(boolean once) throws Exception {
        Path dir = Files.createTempDirectory("kith-demo");
        String agencyToken = newToken();
        SigningKey agencyKey = SigningKey.generate(new SecureRandom());
        String clinicToken = newToken();
        SigningKey clinicKey = SigningKey.generate(new SecureRandom());
        SigningKey courtKey = SigningKey.generate(new SecureRandom());
        SigningKey housingKey = SigningKey.generate(new SecureRandom());
        String programToken = newToken();
        SigningKey programKey = SigningKey.generate(new SecureRandom());
        String fhirToken = newToken();
        SigningKey fhirKey = SigningKey.generate(new SecureRandom());
        try (var clinic = PartnerWebhookServer.start("/kith");
             var school = PartnerWebhookServer.start("/kith");
             var fhirClinic = PartnerWebhookServer.start("/fhir")) {
            Path partnersFile = dir.resolve("partners.json");
            Files.writeString(partnersFile, partnersJson(agencyToken, agencyKey, clinicToken, clinicKey, clinic.url("/kith"),
                    school.url("/kith"), courtKey, housingKey, programToken, programKey)
                    .replace("\n]}", ",\n  " + fhirClinicJson(fhirToken, fhirKey, fhirClinic.url("/fhir")) + "\n]}"));
            Map<Role, String> consoleTokens = consoleTokens();
            String adminToken = consoleTokens.get(Role.ADMINISTRATOR);
            Path users = dir.resolve("users.json");
            Files.writeString(users, usersJson(consoleTokens));
            Path partnership = dir.resolve("partnership.json");
            Files.writeString(partnership, DemoMessages.demoPartnership(AGENCY, COURT, PROGRAM, CLINIC, HOUSING, FHIR_CLINIC));
            Path fileDrop = dir.resolve("filedrop");
            HubConfig config = HubConfig.from(Map.ofEntries(
                    Map.entry(HubOption.DATA_DIR.key(), dir.resolve("data").toString()),
                    Map.entry(HubOption.KEYS_PASSPHRASE.key(), newToken()),
                    Map.entry(HubOption.LEDGER_CHECKPOINT_MS.key(), "1000"),
                    Map.entry(HubOption.PARTNERS_FILE.key(), partnersFile.toString()),
                    Map.entry(HubOption.USERS_FILE.key(), users.toString()),
                    Map.entry(HubOption.CONFIG_FILE.key(), partnership.toString()),
                    Map.entry(HubOption.KAFKA_PORT.key(), "0"),
                    Map.entry(HubOption.KAFKA_PARTNER_PORT.key(), "0"),
                    Map.entry(HubOption.HTTP_PORT.key(), "0"),
                    Map.entry(HubOption.TOPIC_PARTITIONS.key(), "3"),
                    Map.entry(HubOption.FILEDROP_DIR.key(), fileDrop.toString())), System.getenv(), Map.of());
            try (Hub hub = Hub.start(config, Clock.systemUTC())) {
                var agency = new AgencySystem(hub.httpPort(), agencyToken, agencyKey, Clock.systemUTC());
                play(hub, agency, clinic, school, adminToken);
                closeTheLoop(hub, agencyToken, new AgencySystem(hub.httpPort(), clinicToken, clinicKey, Clock.systemUTC()));
                courtNotices(hub, new CourtSystem(fileDrop.resolve(COURT), courtKey, Clock.systemUTC()));
                housing(hub, agency, adminToken, housingKey);
                fhirClinic(hub, agency, new AgencySystem(hub.httpPort(), fhirToken, fhirKey, Clock.systemUTC()), fhirClinic);
                treatmentReport(hub, agency, new AgencySystem(hub.httpPort(), programToken, programKey, Clock.systemUTC()));
                measures(hub, agencyToken, config.evaluation().threshold());
                withdrawal(agency, clinic);
                verifyLedger(hub, config.dataDir());
                console(hub, consoleTokens);
                if (!once) {
                    Path referral = dir.resolve("referral.json");
                    Files.writeString(referral, DemoMessages.referral(AGENCY, "F-1001", "R-1003", CLINIC));
                    String signature = agency.signature(CloudEventCodec.STRUCTURED_JSON, Map.of(), Files.readAllBytes(referral));
                    out.printf("%nThe hub keeps running. Publish as %s, with the agency's token and a signature by its key"
                                    + " (this one is good for one send within %d minutes; the demo holds the key in memory):%n"
                                    + "  curl -i -H 'Authorization: Bearer %s' -H 'Kith-Signature: %s' "
                                    + "-H 'Content-Type: %s' --data-binary @%s http://127.0.0.1:%d%s%n"
                                    + "Press Ctrl-C to stop.%n", AGENCY, Duration.ofMillis(config.replayWindowMs()).toMinutes(),
                            agencyToken, signature, CloudEventCodec.STRUCTURED_JSON, referral, hub.httpPort(),
                            RestIngressRoutes.PATH);
                    // serves until interrupted, or until the embedded broker fails for good
                    var fault = hub.fatal().toCompletableFuture().join();
                    throw new IllegalStateException("the demo's embedded broker failed (" + fault.reason() + ")");
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void play(Hub hub, AgencySystem agency, PartnerWebhookServer clinic, PartnerWebhookServer school,
                      String adminToken) {
        out.printf("Kith demo: Kafka at %s, REST ingress at http://127.0.0.1:%d/v1/messages%n%n",
                hub.bootstrapServers(), hub.httpPort());
        Map<String, String> referralByMessage = new LinkedHashMap<>();
        publish(agency, "family F-1001's profile (members, birth dates, who may consent for whom)",
                DemoMessages.profile(AGENCY, "F-1001"));
        publish(agency, "the mother's consent: " + CLINIC + " may receive referral data about her child (not contact data)",
                DemoMessages.consent(AGENCY, "F-1001", "D-1001", CLINIC));
        for (String directive : DemoMessages.statusConsent(AGENCY, "F-1001", "D-1001-status", CLINIC, AGENCY)) {
            publish(agency, "the mother's consent: " + CLINIC + " may tell " + AGENCY + " how the family's referrals go",
                    directive);
        }
        String r1001 = DemoMessages.referralWithFamilyContact(AGENCY, "F-1001", "R-1001", CLINIC);
        String r2002 = DemoMessages.referral(AGENCY, "F-2002", "R-2002", CLINIC);
        awaitUntil("the family's consent on file", () -> "redact".equals(dryRun(hub, adminToken, r1001)
                .at("/recipients/0/outcome").asText()));
        out.printf("%nAn administrator asks first what would happen, sending nothing (POST %s):%n", "/v1/admin/dry-run");
        for (var referral : List.of(Map.entry("R-1001", r1001), Map.entry("R-2002", r2002))) {
            for (JsonNode verdict : dryRun(hub, adminToken, referral.getValue()).path("recipients")) {
                out.printf("  referral %s for %s would be: %s%s%n", referral.getKey(), verdict.path("recipient").asText(),
                        verdict.path("outcome").asText(), verdict.path("withheld").isEmpty() ? ""
                                : " (withheld: " + String.join(", ", texts(verdict.path("withheld"))) + ")");
            }
        }
        out.println();
        referralByMessage.put(publish(agency, "referral R-1001 (family F-1001, with the family's phone number) to " + CLINIC,
                r1001), "R-1001");
        referralByMessage.put(publish(agency, "referral R-2002 (family F-2002, no consent recorded) to " + CLINIC,
                r2002), "R-2002");
        publish(agency, "a malformed submission", "{\"specversion\": \"1.0\", ");
        publish(agency, "referral R-1001 again, byte for byte (a retry: the same message id, decided once)", r1001);
        publish(agency, "another message under R-1001's event id (a replay)",
                r1001.replace("\"urgency\": \"routine\"", "\"urgency\": \"urgent\""));

        String statusTopic = hub.topics().status(AGENCY);
        awaitUntil("both referrals decided", () -> TopicReader.readAll(hub.bootstrapServers(), statusTopic).stream()
                .filter(r -> referralByMessage.containsKey(parse(r.value()).path("messageId").asText()))
                .count() >= 2);
        awaitUntil("the clinic received its referral", () -> !clinic.deliveries().isEmpty());

        out.printf("%nWhat each partner received:%n");
        report(CLINIC, clinic);
        checkSignatures(hub, CLINIC, clinic);
        report(SCHOOL, school);
        out.printf("%nWhat %s was told (topic %s):%n", AGENCY, statusTopic);
        for (var record : TopicReader.readAll(hub.bootstrapServers(), statusTopic)) {
            JsonNode notice = parse(record.value());
            String referral = referralByMessage.get(notice.path("messageId").asText());
            if (referral != null) {
                String withheld = String.join(", ", notice.path("withheld").findValuesAsText("category"));
                out.printf("  referral %s for %s: %s%s%n", referral, notice.path("recipient").asText(),
                        notice.path("outcome").asText(),
                        notice.hasNonNull("reason") ? " (reason: " + notice.get("reason").asText() + ")"
                                : withheld.isEmpty() ? "" : " (removed: " + withheld + ")");
            }
        }
    }

    /**
     * The closed loop: the clinic accepts the referral it received; the family agreed that the
     * agency may know, so the status goes back to the agency, and the agency looks the referral up.
     */
    private void closeTheLoop(Hub hub, String agencyToken, AgencySystem clinicSystem) {
        out.printf("%nClosing the loop:%n");
        var response = clinicSystem.publish(DemoMessages.referralStatus(CLINIC, "F-1001", "R-1001", "accepted",
                "\"expectedStartDate\": \"2026-12-01\""));
        out.printf("%s publishes: referral R-1001 accepted, first session 2026-12-01 -> HTTP %d %s%n", CLINIC,
                response.statusCode(), response.body());
        String inbox = hub.topics().outbound(AGENCY);
        awaitUntil("the agency received the clinic's answer", () -> !TopicReader.readAll(hub.bootstrapServers(), inbox).isEmpty());
        JsonNode status = parse(TopicReader.readAll(hub.bootstrapServers(), inbox).get(0).value());
        out.printf("  %s received (topic %s): referral-status %s %s%n", AGENCY, inbox, status.path("referralId").asText(),
                status.path("status").asText());
        String url = "http://127.0.0.1:" + hub.httpPort() + ReferralRoutes.REFERRALS + "/F-1001/R-1001";
        JsonNode view = parse(get(url, agencyToken)).at("/referrals/0");
        List<String> steps = new java.util.ArrayList<>();
        view.path("history").forEach(step -> steps.add(step.path("state").asText()));
        out.printf("  %s looks it up (GET %s): %s, history %s, answer was due by %s%n", AGENCY,
                ReferralRoutes.REFERRALS + "/F-1001/R-1001", view.path("state").asText(), String.join(" -> ", steps),
                view.path("answerDue").asText());
    }

    /**
     * The family court's edge is the file drop: a signed batch of two hearing notices, one of them
     * broken; the hub reports each row in a result file, and the agency receives the valid notice.
     */
    private void courtNotices(Hub hub, CourtSystem court) {
        String name = "hearings-2026-11-20.court-notice.csv";
        out.printf("%nThe family court drops a signed batch of hearing notices in its file drop (%s/in/%s):%n", COURT, name);
        court.drop(name, List.of(
                "evt-court-1,F-1001,court-proceeding," + AGENCY + ",CN-1001,JD-2026-0117,hearing-scheduled,H-1001,"
                        + "review,2026-12-15T09:00:00-06:00,3B",
                "evt-court-2,F-1001,court-proceeding," + AGENCY + ",CN-1002,JD-2026-0117,hearing-scheduled,H-1002,"
                        + "review,next tuesday,3B"));
        awaitUntil("the hub's result file for the court's batch", () -> court.result(name).isPresent());
        for (String row : court.result(name).orElseThrow()) {
            out.printf("  result file: %s%n", row);
        }
        String told = hub.topics().status(COURT);
        awaitUntil("the court's notice decided", () -> !TopicReader.readAll(hub.bootstrapServers(), told).isEmpty());
        for (var record : TopicReader.readAll(hub.bootstrapServers(), told)) {
            JsonNode notice = parse(record.value());
            out.printf("  %s was told (topic %s): notice for %s %s%s%n", COURT, told, notice.path("recipient").asText(),
                    notice.path("outcome").asText(), notice.hasNonNull("reason") ? " (" + notice.get("reason").asText() + ")"
                            : "");
        }
        String inbox = hub.topics().outbound(AGENCY);
        awaitUntil("the agency received the court's notice", () -> TopicReader.readAll(hub.bootstrapServers(), inbox)
                .stream().anyMatch(r -> parse(r.value()).path("noticeId").asText().equals("CN-1001")));
        for (var record : TopicReader.readAll(hub.bootstrapServers(), inbox)) {
            JsonNode notice = parse(record.value());
            if (notice.has("noticeId")) {
                out.printf("  %s received (topic %s): court-notice %s, hearing %s on %s, courtroom %s%n", AGENCY, inbox,
                        notice.path("noticeType").asText(), notice.at("/hearing/hearingId").asText(),
                        notice.at("/hearing/scheduledAt").asText(), notice.at("/hearing/courtroom").asText());
            }
        }
    }

    /**
     * The housing provider's edge is Kafka itself: an administrator issues it a SCRAM user; it reads
     * the agency's referral on its own outbound topic and answers on its own inbound topic, signed;
     * the agency gets the answer as it got the clinic's.
     */
    private void housing(Hub hub, AgencySystem agency, String adminToken, SigningKey housingKey) {
        out.printf("%n%s connects by Kafka (%s), with the user an administrator issued it "
                + "(POST /v1/admin/partners/%s/credentials {\"kafka\": true}):%n", HOUSING,
                hub.partnerBootstrapServers().orElseThrow(), HOUSING);
        JsonNode credential = parse(post("http://127.0.0.1:" + hub.httpPort() + "/v1/admin/partners/" + HOUSING
                + "/credentials", adminToken, "{\"kafka\": true}")).path("kafka");
        var housing = new KafkaPartnerSystem(credential, hub.topics().prefix() + "kith-partner-" + HOUSING, housingKey,
                Clock.systemUTC());
        publish(agency, "the mother's consent: " + HOUSING + " may receive referral data about her child",
                DemoMessages.consent(AGENCY, "F-1001", "D-1001-housing", HOUSING));
        for (String directive : DemoMessages.statusConsent(AGENCY, "F-1001", "D-1001-housing-status", HOUSING, AGENCY)) {
            publish(agency, "the mother's consent: " + HOUSING + " may tell " + AGENCY + " how the referral goes", directive);
        }
        publish(agency, "referral R-1004 (stable housing) to " + HOUSING,
                DemoMessages.housingReferral(AGENCY, "F-1001", "R-1004", HOUSING));
        String outbound = hub.topics().outbound(HOUSING);
        housing.readUntil(outbound, value -> value.contains("R-1004"), DEADLINE);
        out.printf("  %s read referral R-1004 on %s as user %s (its ACLs allow its own topics only)%n", HOUSING,
                outbound, credential.path("username").asText());
        String inbound = hub.topics().inbound(HOUSING);
        housing.submit(inbound, "F-1001", DemoMessages.referralStatus(HOUSING, "F-1001", "R-1004", "accepted",
                "\"expectedStartDate\": \"2026-12-10\""));
        out.printf("  %s writes, signed, on %s: referral R-1004 accepted%n", HOUSING, inbound);
        String inbox = hub.topics().outbound(AGENCY);
        awaitUntil("the agency received the housing provider's answer", () -> TopicReader.readAll(hub.bootstrapServers(),
                inbox).stream().anyMatch(r -> r.value().contains("R-1004")));
        out.printf("  %s received (topic %s): referral-status R-1004 accepted, from %s%n", AGENCY, inbox, HOUSING);
    }

    /**
     * The substance use treatment program publishes over REST too: a progress report on the mother's
     * treatment for the agency. She agreed that the agency may know how her treatment goes, but her
     * consent does not name substance use records; everything a Part 2 program discloses about a
     * patient is such a record (42 CFR Part 2), so the hub forwards nothing, and tells the program why.
     */
    private void treatmentReport(Hub hub, AgencySystem agency, AgencySystem program) {
        publish(agency, "the mother's consent, for herself: " + PROGRAM + " may tell " + AGENCY
                + " how her treatment goes (her consent does not name substance use records)",
                DemoMessages.treatmentConsent(AGENCY, "F-1001", "D-1001-treatment", PROGRAM, AGENCY));
        awaitUntil("the mother's consent on file", () -> !TopicReader.readAll(hub.bootstrapServers(),
                hub.topics().ledger()).stream().filter(r -> r.value().contains("D-1001-treatment")).toList().isEmpty());
        var response = program.publish(DemoMessages.treatmentProgressReport(PROGRAM, "F-1001", "PR-1001-10", AGENCY));
        out.printf("%n%s publishes a progress report on the mother's treatment to %s -> HTTP %d %s%n", PROGRAM, AGENCY,
                response.statusCode(), response.body());
        String told = hub.topics().status(PROGRAM);
        awaitUntil("the program's report decided", () -> !TopicReader.readAll(hub.bootstrapServers(), told).isEmpty());
        JsonNode notice = parse(TopicReader.readAll(hub.bootstrapServers(), told).get(0).value());
        List<String> withheld = new java.util.ArrayList<>();
        notice.path("withheld").forEach(w -> withheld.add(w.path("category").asText() + ": " + w.path("reason").asText()));
        out.printf("  %s was told (topic %s): report for %s %s (withheld %s)%n", PROGRAM, told,
                notice.path("recipient").asText(), notice.path("outcome").asText(), String.join(", ", withheld));
    }

    /**
     * The partnership's measures as the agency may see them: its own referrals, every count below
     * the threshold withheld (in a demo, all of them), and the printable report written to a file.
     */
    private void measures(Hub hub, String agencyToken, int threshold) {
        String url = "http://127.0.0.1:" + hub.httpPort() + ReferralRoutes.MEASURES;
        awaitUntil("the measures counted the accepted referral", () -> parse(get(url, agencyToken)).path("tables")
                .findParents("id").stream().anyMatch(t -> t.path("id").asText().equals("completion-by-service")
                        && !t.path("rows").isEmpty()));
        JsonNode report = parse(get(url, agencyToken));
        out.printf("%nPartnership measures (GET %s as %s: %s; counts below %d withheld as *):%n", ReferralRoutes.MEASURES,
                AGENCY, report.path("scope").asText(), threshold);
        for (JsonNode table : report.path("tables")) {
            for (int r = 0; r < table.path("rows").size(); r++) {
                JsonNode total = table.path("rowTotals").get(r);
                out.printf("  %s: %s %s%n", table.path("title").asText(), table.path("rows").get(r).asText(),
                        total.isNull() ? "*" : total.asText());
            }
        }
        try {
            Path html = Files.createTempFile("kith-measures-", ".html");
            Files.writeString(html, get(url + "?format=html", agencyToken));
            out.printf("  the printable report for a partnership meeting (charts, notes on each measure): %s%n", html.toUri());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a signed checkpoint and the replay's refusal, then checks every chain of the ledger
     * topic as an auditor would, and shows the refusals it records.
     */
    /**
     * The mother withdraws her consent D-1001: the clinic, which received R-1001 under it, is told
     * once by a consent-withdrawn notice (ids only) that it may no longer pass the referral on.
     */
    private void withdrawal(AgencySystem agency, PartnerWebhookServer clinic) {
        out.printf("%nWithdrawing consent:%n");
        publish(agency, "the mother revokes consent D-1001", DemoMessages.revocation(AGENCY, "F-1001", "D-1001"));
        awaitUntil("the clinic told of the withdrawal", () -> clinic.deliveries().stream()
                .anyMatch(d -> d.body().contains("org.kith.consent-withdrawn.v1")));
        clinic.deliveries().stream().map(d -> parse(d.body()))
                .filter(event -> "org.kith.consent-withdrawn.v1".equals(event.path("type").asText()))
                .forEach(event -> out.printf("  %s was told: consent %s of family %s withdrawn from %s, covering %d copy(ies)"
                                + " it received (notice %s)%n", CLINIC, event.at("/data/directiveId").asText(),
                        event.at("/data/familyId").asText(), event.at("/data/withdrawnFrom").asText(),
                        event.at("/data/disclosures").size(), event.at("/data/noticeId").asText()));
    }

    private void verifyLedger(Hub hub, Path dataDir) {
        awaitUntil("a signed ledger checkpoint and the replay's refusal", () -> {
            List<String> kinds = LedgerCommands.readTopic(hub.bootstrapServers(), hub.topics().ledger()).stream()
                    .map(line -> parse(line).path("kind").asText()).toList();
            return kinds.contains(LedgerEvent.Checkpoint.KIND) && kinds.contains(LedgerEvent.Refusal.KIND);
        });
        List<String> lines = LedgerCommands.readTopic(hub.bootstrapServers(), hub.topics().ledger());
        var results = new LedgerVerifier(KeyDirectory.in(dataDir).publicKeys()).verifyAll(lines);
        long checkpoints = lines.stream().filter(line -> parse(line).path("kind").asText().equals(LedgerEvent.Checkpoint.KIND)).count();
        boolean ok = results.values().stream().allMatch(v -> v instanceof LedgerVerification.Ok);
        out.printf("%nThe ledger (topic %s, what kith ledger verify checks): %s %d records in %d chains, %d signed checkpoints%n",
                hub.topics().ledger(), ok ? "OK" : "NOT OK", lines.size(), results.size(), checkpoints);
        for (JsonNode refusal : lines.stream().map(Demo::parse)
                .filter(line -> line.path("kind").asText().equals(LedgerEvent.Refusal.KIND)).toList()) {
            out.printf("  refused at the door and recorded: %s from %s (event %s, SHA-256 of the refused body %s)%n",
                    refusal.at("/body/reason").asText(), refusal.at("/body/sender").asText(),
                    refusal.at("/body/partnerEventId").asText(), refusal.at("/body/bodySha256").asText());
        }
    }

    /** What a partner does with each delivery: checks the hub's signature against the keys the hub publishes. */
    private void checkSignatures(Hub hub, String partner, PartnerWebhookServer server) {
        String jwksUrl = "http://127.0.0.1:" + hub.httpPort() + JwksRoute.PATH;
        Verifier hubKeys = Verifier.fromJwks(get(jwksUrl));
        for (var delivery : server.deliveries()) {
            JwsVerification verification = delivery.verify(hubKeys);
            String result = verification instanceof JwsVerification.Valid valid ? "valid, by key " + valid.kid()
                    : "NOT valid (" + ((JwsVerification.Invalid) verification).reason().code() + ")";
            out.printf("  %s checked the hub's signature on its delivery %s against %s: %s%n", partner,
                    delivery.idempotencyKey(), jwksUrl, result);
        }
    }

    private static String get(String url) {
        return get(url, null);
    }

    private static String post(String url, String token, String json) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String get(String url, String token) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What the hub would do with {@code message} now, asked as the demo's administrator. */
    private static JsonNode dryRun(Hub hub, String adminToken, String message) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/v1/admin/dry-run"))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", CloudEventCodec.STRUCTURED_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(message));
            return parse(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private String publish(AgencySystem agency, String what, String json) {
        var response = agency.publish(json);
        out.printf("%s publishes %s -> HTTP %d %s%n", AGENCY, what, response.statusCode(), response.body());
        return response.statusCode() == 202 ? parse(response.body()).path("messageId").asText() : null;
    }

    private void report(String partner, PartnerWebhookServer server) {
        List<PartnerWebhookServer.Delivery> deliveries = server.deliveries();
        if (deliveries.isEmpty()) {
            out.printf("  %s: nothing%n", partner);
        }
        for (var delivery : deliveries) {
            JsonNode message = parse(delivery.body());
            out.printf("  %s: %s %s for family %s, %s (Idempotency-Key %s, redisclosure %s)%n", partner,
                    message.path("type").asText(), message.path("data").path("referralId").asText(),
                    message.path("familyid").asText(), message.at("/data/familyContact").isMissingNode()
                            ? "without the family's contact data" : "with the family's contact data",
                    delivery.idempotencyKey(), delivery.header(KithHeaders.HTTP_REDISCLOSURE).orElse("?"));
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("demo: not done within " + DEADLINE + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String partnersJson(String agencyToken, SigningKey agencyKey, String clinicToken, SigningKey clinicKey,
                                       String clinicWebhook, String schoolWebhook, SigningKey courtKey,
                                       SigningKey housingKey, String programToken, SigningKey programKey) {
        return """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "name": "County Child Welfare Agency", "tokenSha256": "%s",
                   "publicKeys": %s},
                  {"id": "%s", "kind": "mental-health", "name": "Riverside Family Counseling", "webhook": "%s",
                   "tokenSha256": "%s", "publicKeys": %s},
                  {"id": "%s", "kind": "school", "name": "Lincoln Elementary School", "webhook": "%s"},
                  {"id": "%s", "kind": "court", "name": "County Family Court", "publicKeys": %s},
                  {"id": "%s", "kind": "housing", "name": "Lakeside Housing", "publicKeys": %s},
                  {"id": "%s", "kind": "substance-use-treatment", "name": "Harbor Recovery Center", "tokenSha256": "%s",
                   "publicKeys": %s}
                ]}
                """.formatted(AGENCY, PartnerRegistry.sha256(agencyToken), Jwks.write(PublicKeys.of(agencyKey.publicKey())),
                CLINIC, clinicWebhook, PartnerRegistry.sha256(clinicToken), Jwks.write(PublicKeys.of(clinicKey.publicKey())),
                SCHOOL, schoolWebhook, COURT, Jwks.write(PublicKeys.of(courtKey.publicKey())),
                HOUSING, Jwks.write(PublicKeys.of(housingKey.publicKey())), PROGRAM, PartnerRegistry.sha256(programToken),
                Jwks.write(PublicKeys.of(programKey.publicKey())));
    }

    /** A clinic whose record system speaks FHIR R4: it asked for FHIR in its registry entry. */
    private static String fhirClinicJson(String token, SigningKey key, String webhook) {
        return """
                {"id": "%s", "kind": "health-care", "name": "Mercy Pediatrics", "webhook": "%s", "format": "fhir-r4",
                   "tokenSha256": "%s", "publicKeys": %s}""".formatted(FHIR_CLINIC, webhook, PartnerRegistry.sha256(token),
                Jwks.write(PublicKeys.of(key.publicKey())));
    }

    /**
     * The FHIR-speaking clinic: the agency refers the child in Kith JSON; the clinic receives the
     * referral as a FHIR R4 transaction Bundle redacted to what the family consented to, accepts it by
     * updating the Task it received ({@code PUT /fhir/r4/Task/{id}}, signed over its bytes), and the
     * status reaches the agency under consent.
     */
    private void fhirClinic(Hub hub, AgencySystem agency, AgencySystem clinic, PartnerWebhookServer webhook) {
        out.printf("%nA clinic that speaks FHIR R4 (%s, registry format fhir-r4):%n", FHIR_CLINIC);
        publish(agency, "consent: the mother lets " + FHIR_CLINIC + " receive referral data",
                DemoMessages.consent(AGENCY, "F-1001", "D-1001-fhir", FHIR_CLINIC));
        for (String directive : DemoMessages.statusConsent(AGENCY, "F-1001", "D-1001-fhir-status", FHIR_CLINIC, AGENCY)) {
            publish(agency, "consent: " + FHIR_CLINIC + " may tell the agency how the referral goes", directive);
        }
        publish(agency, "referral R-1005 (well-child check) to " + FHIR_CLINIC,
                DemoMessages.referral(AGENCY, "F-1001", "R-1005", FHIR_CLINIC).replace("mental-health", "health-care"));
        awaitUntil(FHIR_CLINIC + " received the referral", () -> !webhook.deliveries().isEmpty());
        PartnerWebhookServer.Delivery bundle = webhook.deliveries().get(0);
        JsonNode received = parse(bundle.body());
        List<String> resources = new java.util.ArrayList<>();
        JsonNode task = null;
        for (JsonNode entry : received.path("entry")) {
            resources.add(entry.at("/resource/resourceType").asText());
            if ("Task".equals(entry.at("/resource/resourceType").asText())) {
                task = entry.get("resource");
            }
        }
        out.printf("  %s received (webhook, %s): a FHIR %s Bundle of %s; Task/%s%n", FHIR_CLINIC, bundle.contentType(),
                received.path("type").asText(), String.join(", ", resources), task == null ? "?" : task.path("id").asText());
        if (task == null) {
            throw new IllegalStateException("the FHIR clinic received no Task");
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) task).put("status", "accepted");
        var response = clinic.fhir("PUT", "/fhir/r4/Task/" + task.path("id").asText(), task.toString());
        out.printf("  %s accepts by updating the Task (PUT /fhir/r4/Task/%s, status accepted) -> HTTP %d%n", FHIR_CLINIC,
                task.path("id").asText(), response.statusCode());
        String inbox = hub.topics().outbound(AGENCY);
        awaitUntil("the agency received the FHIR clinic's answer", () -> TopicReader.readAll(hub.bootstrapServers(), inbox)
                .stream().anyMatch(r -> r.value().contains("R-1005") && r.value().contains("accepted")));
        out.printf("  %s received (topic %s): referral-status R-1005 accepted%n", AGENCY, inbox);
    }

    /** A fresh token for the console's demo user of each role. */
    private static Map<Role, String> consoleTokens() {
        Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            tokens.put(role, newToken());
        }
        return tokens;
    }

    /** The demo's users, one per role ({@code demo-<role>}); the consent officer's scope is the agency. */
    private static String usersJson(Map<Role, String> tokens) {
        return tokens.entrySet().stream().map(e -> "{\"id\": \"demo-" + e.getKey().code() + "\", \"roles\": [\""
                        + e.getKey().code() + "\"], " + (e.getKey() == Role.CONSENT_OFFICER ? "\"agencies\": [\"" + AGENCY + "\"], " : "")
                        + "\"tokenSha256\": \"" + PartnerRegistry.sha256(e.getValue()) + "\"}")
                .collect(java.util.stream.Collectors.joining(",\n  ", "{\"users\": [\n  ", "\n]}\n"));
    }

    /** Where the console is, and a token to sign in with for each role. */
    private void console(Hub hub, Map<Role, String> tokens) {
        out.printf("%nThe administrators' console: http://127.0.0.1:%d%s (sign in with a token; each user has one role):%n",
                hub.httpPort(), ConsoleRoute.PATH);
        tokens.forEach((role, token) -> out.printf("  %-16s demo-%-16s %s%n", role.code(), role.code(), token));
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
