package org.kith.hub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.ledger.LedgerCommands;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.ledger.LedgerVerification;
import org.kith.hub.ledger.LedgerVerifier;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * The scripted demo: a county child welfare agency, a counseling clinic and a school on one hub,
 * with a data-sharing agreement between the agency and the clinic. The agency records a family's
 * profile and the mother's consent for the clinic, then refers two families to the clinic: the
 * family that consented is delivered without the contact data the consent does not release (the
 * agency is told what was removed and why), the other is withheld and the agency is told why.
 * A malformed submission is refused. Everything runs on this machine: the embedded broker, the
 * hub, and the partners' webhook servers. All people and families are fictional.
 */
public final class Demo {

    static final String AGENCY = "county-cw";
    static final String CLINIC = "riverside-clinic";
    static final String SCHOOL = "lincoln-elementary";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final PrintStream out;

    public Demo(PrintStream out) {
        this.out = out;
    }

    /** Runs the scenario; with {@code once} returns when it is done, otherwise serves until interrupted. */
    public void run(boolean once) throws Exception {
        Path dir = Files.createTempDirectory("kith-demo");
        String agencyToken = newToken();
        try (var clinic = PartnerWebhookServer.start("/kith");
             var school = PartnerWebhookServer.start("/kith")) {
            Path partnersFile = dir.resolve("partners.json");
            Files.writeString(partnersFile, partnersJson(agencyToken, clinic.url("/kith"), school.url("/kith")));
            Path partnership = dir.resolve("partnership.json");
            Files.writeString(partnership, DemoMessages.partnership(AGENCY, CLINIC));
            HubConfig config = HubConfig.from(Map.of(
                    HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                    HubOption.KEYS_PASSPHRASE.key(), newToken(),
                    HubOption.LEDGER_CHECKPOINT_MS.key(), "1000",
                    HubOption.PARTNERS_FILE.key(), partnersFile.toString(),
                    HubOption.CONFIG_FILE.key(), partnership.toString(),
                    HubOption.KAFKA_PORT.key(), "0",
                    HubOption.HTTP_PORT.key(), "0",
                    HubOption.TOPIC_PARTITIONS.key(), "3"), System.getenv(), Map.of());
            try (Hub hub = Hub.start(config, Clock.systemUTC())) {
                play(hub, new AgencySystem(hub.httpPort(), agencyToken), clinic, school);
                verifyLedger(hub, config.dataDir());
                if (!once) {
                    out.printf("%nThe hub keeps running. Publish as %s with:%n  curl -i -H 'Authorization: Bearer %s' "
                                    + "-H 'Content-Type: application/json' --data @referral.json http://127.0.0.1:%d/v1/messages%n"
                                    + "Press Ctrl-C to stop.%n", AGENCY, agencyToken, hub.httpPort());
                    Thread.currentThread().join();
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void play(Hub hub, AgencySystem agency, PartnerWebhookServer clinic, PartnerWebhookServer school) {
        out.printf("Kith demo: Kafka at %s, REST ingress at http://127.0.0.1:%d/v1/messages%n%n",
                hub.bootstrapServers(), hub.httpPort());
        Map<String, String> referralByMessage = new LinkedHashMap<>();
        publish(agency, "family F-1001's profile (members, birth dates, who may consent for whom)",
                DemoMessages.profile(AGENCY, "F-1001"));
        publish(agency, "the mother's consent: " + CLINIC + " may receive referral data about her child (not contact data)",
                DemoMessages.consent(AGENCY, "F-1001", "D-1001", CLINIC));
        referralByMessage.put(publish(agency, "referral R-1001 (family F-1001, with the family's phone number) to " + CLINIC,
                DemoMessages.referralWithFamilyContact(AGENCY, "F-1001", "R-1001", CLINIC)), "R-1001");
        referralByMessage.put(publish(agency, "referral R-2002 (family F-2002, no consent recorded) to " + CLINIC,
                DemoMessages.referral(AGENCY, "F-2002", "R-2002", CLINIC)), "R-2002");
        publish(agency, "a malformed submission", "{\"specversion\": \"1.0\", ");

        String statusTopic = hub.topics().status(AGENCY);
        awaitUntil("both referrals decided", () -> TopicReader.readAll(hub.bootstrapServers(), statusTopic).stream()
                .filter(r -> referralByMessage.containsKey(parse(r.value()).path("messageId").asText()))
                .count() >= 2);
        awaitUntil("the clinic received its referral", () -> !clinic.deliveries().isEmpty());

        out.printf("%nWhat each partner received:%n");
        report(CLINIC, clinic);
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

    /** Waits for a signed checkpoint, then checks every chain of the ledger topic as an auditor would. */
    private void verifyLedger(Hub hub, Path dataDir) {
        awaitUntil("a signed ledger checkpoint", () -> LedgerCommands.readTopic(hub.bootstrapServers(), hub.topics().ledger())
                .stream().anyMatch(line -> parse(line).path("kind").asText().equals(LedgerEvent.Checkpoint.KIND)));
        List<String> lines = LedgerCommands.readTopic(hub.bootstrapServers(), hub.topics().ledger());
        var results = new LedgerVerifier(KeyDirectory.in(dataDir).publicKeys()).verifyAll(lines);
        long checkpoints = lines.stream().filter(line -> parse(line).path("kind").asText().equals(LedgerEvent.Checkpoint.KIND)).count();
        boolean ok = results.values().stream().allMatch(v -> v instanceof LedgerVerification.Ok);
        out.printf("%nThe ledger (topic %s, what kith ledger verify checks): %s %d records in %d chains, %d signed checkpoints%n",
                hub.topics().ledger(), ok ? "OK" : "NOT OK", lines.size(), results.size(), checkpoints);
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

    private static String partnersJson(String agencyToken, String clinicWebhook, String schoolWebhook) {
        return """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "name": "County Child Welfare Agency", "tokenSha256": "%s"},
                  {"id": "%s", "kind": "mental-health", "name": "Riverside Family Counseling", "webhook": "%s"},
                  {"id": "%s", "kind": "school", "name": "Lincoln Elementary School", "webhook": "%s"}
                ]}
                """.formatted(AGENCY, PartnerRegistry.sha256(agencyToken), CLINIC, clinicWebhook, SCHOOL, schoolWebhook);
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
