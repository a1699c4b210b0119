package org.kith.hub.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.ClinicHub.accepted;
import static org.kith.hub.testing.ClinicHub.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.KithCommand;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;
import picocli.CommandLine;

/**
 * A copy a partner's webhook refused for good, redelivered by an operator, is a new disclosure
 * decided when it happens, on a real broker: after the family revoked the consent it went under,
 * nothing reaches the partner, the ledger records the withholding as a redelivery of the dead
 * letter and the operator is told (the administration API's answer); with the consent unchanged it
 * is delivered under the same Idempotency-Key and a new decision (the `kith deadletter` command
 * says so). The header that marks a redelivery cannot be sent by a partner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedeliveryDecidedAgainIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "redelivery-agency-token";
    private static final String OPERATOR_TOKEN = "redelivery-operator-token";
    private static final String AUDITOR_TOKEN = "redelivery-auditor-token";

    private ClinicHub running;
    private AdminHttp api;

    @BeforeAll
    void startHub(@TempDir Path dir) throws IOException {
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"},
                           {"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(OPERATOR_TOKEN), PartnerRegistry.sha256(AUDITOR_TOKEN)));
        running = ClinicHub.start(dir, AGENCY_TOKEN, KafkaBrokers.Kind.EMBEDDED, getClass().getSimpleName(),
                Map.of(HubOption.USERS_FILE.key(), users.toString(), HubOption.COMMIT_INTERVAL_MS.key(), "50"));
        api = new AdminHttp(running.hub().httpPort());
    }

    @AfterAll
    void stopHub() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aCopyRedeliveredAfterTheFamilyRevokedIsWithheldRecordedAndTheOperatorIsTold() {
        String refused = refusedCopy("F-400", "R-400");
        DeadLetterReplay.Summary letter = deadLetter(refused);
        JsonNode first = decision(d -> refused.equals(d.path("messageId").asText())
                && !d.has("redeliveryOf")).orElseThrow();

        accepted(running.agency().publish(DemoMessages.revocation(AGENCY, "F-400", "D-F-400")));
        running.clinic().accept("R-400"); // the partner fixed its endpoint: anything sent now would be taken
        long asked = System.nanoTime();
        var answer = api.send("POST", AdminRoutes.DEAD_LETTERS + "/" + letter.offset() + "/replay?partner=" + CLINIC
                + "&wait=60", Map.of("Authorization", "Bearer " + OPERATOR_TOKEN), null);
        System.out.printf("A redelivery was decided and answered in %d ms%n", (System.nanoTime() - asked) / 1_000_000);

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode told = AdminHttp.json(answer);
        assertEquals("withheld", told.get("outcome").asText(), told.toString());
        assertEquals("deny", told.get("decision").asText());
        assertTrue(told.get("reasons").toString().contains("consent-revoked"), "the operator is told why: " + told);
        String decisionId = told.get("decisionId").asText();
        assertNotEquals(first.get("decisionId").asText(), decisionId, "a new decision");

        JsonNode again = decision(d -> decisionId.equals(d.path("decisionId").asText())).orElseThrow();
        assertEquals("deny", again.get("outcome").asText());
        assertEquals(refused, again.get("messageId").asText());
        assertEquals(CLINIC, again.get("recipient").asText());
        assertEquals(running.hub().topics().webhookDeadLetter(CLINIC) + "/" + letter.offset(),
                again.at("/redeliveryOf/deadLetter").asText());
        assertEquals(first.get("decisionId").asText(), again.at("/redeliveryOf/earlierDecisionId").asText());
        assertEquals("ops-1", again.at("/redeliveryOf/requestedBy").asText());
        // the withholding and any copy are written in one transaction: with the decision committed, this is final
        assertEquals(1, copiesOf(refused).size(), "no copy but the one released before the revocation");
        assertTrue(running.clinic().deliveries().stream().noneMatch(d -> refused.equals(d.idempotencyKey())),
                "nothing reached the partner");

        JsonNode accounting = AdminHttp.json(api.get(AdminRoutes.FAMILIES + "/F-400/accounting", AUDITOR_TOKEN));
        JsonNode entry = StreamSupport.stream(accounting.get("entries").spliterator(), false)
                .filter(e -> decisionId.equals(e.path("decisionId").asText())).findFirst().orElseThrow();
        assertEquals("deny", entry.get("outcome").asText());
        assertTrue(entry.get("sentence").asText().contains("decided again when an operator redelivered"),
                entry.toString());
    }

    @Test
    void aCopyRedeliveredUnderUnchangedConsentIsDeliveredWithTheSameIdempotencyKeyAndTheCommandSaysSo()
            throws IOException {
        String refused = refusedCopy("F-410", "R-410");
        DeadLetterReplay.Summary letter = deadLetter(refused);
        String firstDecision = decision(d -> refused.equals(d.path("messageId").asText())).orElseThrow()
                .get("decisionId").asText();
        running.clinic().accept("R-410");

        Run run = kith("deadletter", "replay", String.valueOf(letter.offset()), "--partner", CLINIC, "--wait", "60");
        assertEquals(0, run.exit(), run.out());
        Matcher said = Pattern.compile("decided again \\(decision ([0-9a-f-]{36}): permit\\) and is on its way again")
                .matcher(run.out());
        assertTrue(said.find(), run.out());
        String decisionId = said.group(1);

        PartnerWebhookServer.Delivery delivered = await().atMost(DEADLINE).until(() -> running.clinic().deliveries()
                .stream().filter(d -> refused.equals(d.idempotencyKey())).findFirst(), Optional::isPresent).get();
        assertEquals(decisionId, delivered.decisionId(), "delivered under the new decision");
        assertTrue(delivered.body().contains("R-410"));
        JsonNode again = decision(d -> decisionId.equals(d.path("decisionId").asText())).orElseThrow();
        assertEquals("permit", again.get("outcome").asText());
        assertEquals(firstDecision, again.at("/redeliveryOf/earlierDecisionId").asText());
        assertEquals(2, copiesOf(refused).size(), "the refused copy and the one decided again");
    }

    @Test
    void aPartnerCannotMarkItsOwnMessageAsARedeliveryOrAsDeclaredByAUser() {
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, "F-420")));
        accepted(running.agency().publish(DemoMessages.consent(AGENCY, "F-420", "D-F-420", CLINIC)));
        String forged = """
                {"partner": "%s", "deadLetter": "forged/0", "decisionId": "00000000-0000-0000-0000-000000000000",
                 "requestedBy": "ops-1"}""".formatted(CLINIC).replace("\n", "");
        String messageId = accepted(running.agency().post(CloudEventCodec.STRUCTURED_JSON,
                Map.of(KithHeaders.REDELIVERY, forged, KithHeaders.DECLARED_BY, "oncall-1"),
                DemoMessages.referral(AGENCY, "F-420", "R-420", CLINIC)));

        ConsumerRecord<String, String> stored = await().atMost(DEADLINE).until(() -> TopicReader.readAll(
                running.hub().bootstrapServers(), running.hub().topics().inbound()).stream()
                .filter(r -> messageId.equals(header(r, "ce_id"))).findFirst(), Optional::isPresent).get();
        List<String> names = StreamSupport.stream(stored.headers().spliterator(), false).map(Header::key).toList();
        assertTrue(names.stream().allMatch(n -> n.startsWith("ce_") || n.equals("content-type")),
                "the ingress writes the CloudEvents binding and nothing a partner sent: " + names);
        JsonNode decided = await().atMost(DEADLINE).until(() -> decision(d -> messageId.equals(d.path("messageId")
                .asText())), Optional::isPresent).get();
        assertFalse(decided.has("redeliveryOf"), "decided as the message it is: " + decided);
        assertNotEquals("00000000-0000-0000-0000-000000000000", decided.get("decisionId").asText());
    }

    /** A family consenting to the clinic, and a referral whose copy the clinic's endpoint refuses for good. */
    private String refusedCopy(String family, String referralId) {
        running.clinic().refuse(referralId, 422);
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, family)));
        accepted(running.agency().publish(DemoMessages.consent(AGENCY, family, "D-" + family, CLINIC)));
        return accepted(running.agency().publish(DemoMessages.referral(AGENCY, family, referralId, CLINIC)));
    }

    /** The clinic's dead letter of the copy of {@code messageId}, once the webhook route set it aside. */
    private DeadLetterReplay.Summary deadLetter(String messageId) {
        String topic = running.hub().topics().webhookDeadLetter(CLINIC);
        long offset = await().atMost(DEADLINE).until(() -> TopicReader.readAll(running.hub().bootstrapServers(), topic)
                .stream().filter(r -> messageId.equals(json(r.value()).path("messageId").asText()))
                .map(ConsumerRecord::offset).findFirst(), Optional::isPresent).get();
        return new DeadLetterReplay(running.hub().bootstrapServers(), running.hub().topics()).list(Optional.of(CLINIC))
                .stream().filter(s -> s.offset() == offset).findFirst().orElseThrow();
    }

    /** The body of the first ledger decision that matches, if the core has written it. */
    private Optional<JsonNode> decision(java.util.function.Predicate<JsonNode> matches) {
        return running.ledger("decision").stream().filter(matches).findFirst();
    }

    /** The clinic's outbound records carrying {@code messageId}. */
    private List<ConsumerRecord<String, String>> copiesOf(String messageId) {
        return TopicReader.readAll(running.hub().bootstrapServers(), running.hub().topics().outbound(CLINIC)).stream()
                .filter(r -> messageId.equals(header(r, "ce_id"))).toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private record Run(int exit, String out) {
    }

    /** Runs {@code kith} against this hub's cluster, with what it prints. */
    private Run kith(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kith.bootstrap.servers=" + running.hub().bootstrapServers(),
                "--set", "kith.topic.prefix=" + running.hub().topics().prefix()));
        PrintStream standard = System.out;
        var out = new ByteArrayOutputStream();
        try (var capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int exit = new CommandLine(new KithCommand()).execute(all.toArray(String[]::new));
            return new Run(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(standard);
        }
    }
}
