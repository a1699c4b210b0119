package org.kith.hub.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.Hub;
import org.kith.hub.KithCommand;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.topics.TopicReader;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaJs;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A partner onboarded with {@code kith partner add} on a real hub and broker, then cut off with
 * {@code kith partner revoke}: its credentials are written to a new directory only (secrets readable
 * by the owner), its token publishes and its webhook receives, its Kafka user serves the Java client
 * with {@code kafka.properties} and KafkaJS with {@code librdkafka.conf} (its own topics only, committed
 * records only); after the revocation, every path is closed: the token is refused, its Kafka user can no longer connect, no instance finds it as a recipient (the dry-run and the pipeline
 * agree: {@code unknown-recipient}) and nothing more is delivered to it, its certificate is on the
 * CA's revocation list and no longer in force, and the ledger holds the two changes without a secret.
 */
class PartnerOnboardingIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    static final String AGENCY_TOKEN = "onboarding-agency-token";
    private static final String PARTNER = "harbor-recovery";
    static final String ADMIN_TOKEN = "onboarding-admin-token";

    @Test
    void aPartnerOnboardedAndRevokedFromTheCommandLine(@TempDir Path dir) throws Exception {
        try (var harbor = PartnerWebhookServer.start("/kith");
             var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic), Map.of(), Map.of()), Clock.systemUTC())) {
            String url = "http://127.0.0.1:" + hub.httpPort();
            var api = new AdminHttp(hub.httpPort());
            SigningKey key = AgencyAndClinic.keyOf(PARTNER);
            Path jwks = Files.writeString(dir.resolve("harbor.jwks.json"), AgencyAndClinic.publicKeys(key));
            Path out = dir.resolve("harbor-credentials");

            Run added = kith(dir, url, "partner", "add", PARTNER, "--kind", "substance-use-treatment", "--name",
                    "Harbor Recovery", "--contact", "it-desk@harbor.example.org", "--webhook", harbor.url("/kith"),
                    "--keys", jwks.toString(), "--kafka", "--out", out.toString());
            assertEquals(0, added.exit(), added.err());
            String token = Files.readString(out.resolve("token")).strip();
            assertTrue(added.out().contains("token, client.cert.pem, ca.cert.pem, client.key.pem, kafka.properties, "
                    + "librdkafka.conf"),
                    added.out());
            assertFalse(added.out().contains(token), "the token is written to its file only");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(out.resolve("client.key.pem")));
            X509Certificate certificate = certificate(out.resolve("client.cert.pem"));
            certificate.verify(certificate(out.resolve("ca.cert.pem")).getPublicKey());
            String serial = certificate.getSerialNumber().toString(16);
            assertTrue(certificate.getSubjectX500Principal().getName().contains("CN=" + PARTNER));
            assertEquals(2, kith(dir, url, "partner", "add", PARTNER, "--kind", "substance-use-treatment", "--name",
                    "Harbor Recovery", "--out", out.toString()).exit(), "a second add never overwrites credentials");

            JsonNode view = AdminHttp.json(api.get("/v1/admin/partners/" + PARTNER, ADMIN_TOKEN));
            assertEquals(List.of(serial), Json.mapper().convertValue(view.get("certificates"), List.class));
            assertEquals("it-desk@harbor.example.org", view.get("contact").asText());
            assertTrue(view.get("revokedAt").isNull());

            // the partner is in: an agreement names it, its token publishes, its webhook receives
            ObjectNode mou = (ObjectNode) AdminHttp.json(api.get("/v1/admin/agreements", ADMIN_TOKEN))
                    .at("/agreements/0").deepCopy();
            mou.put("id", "MOU-harbor").putArray("parties").add(AGENCY).add(PARTNER);
            await().atMost(DEADLINE).until(() -> api.put("/v1/admin/agreements/MOU-harbor", ADMIN_TOKEN, mou.toString())
                    .statusCode(), s -> s == 200);
            var partner = new AgencySystem(hub.httpPort(), token, key, Clock.systemUTC());
            assertEquals(202, partner.publish(DemoMessages.profile(PARTNER, "F-9")).statusCode(),
                    "the issued token and the registered key are accepted");
            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-8")).statusCode());
            assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, "F-8", "D-8", PARTNER)).statusCode());
            assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, "F-8", "R-8", PARTNER)).statusCode());
            await().atMost(DEADLINE).until(() -> harbor.deliveries().stream().anyMatch(d -> d.body().contains("R-8")));
            KafkaJs.installed().ifPresent(kafkajs -> connectsWithKafkaJs(kafkajs, hub, out, key));
            Properties kafka = kafkaSettings(hub, out);
            try (var consumer = new KafkaConsumer<>(kafka, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(hub.topics().outbound(PARTNER)));
                List<String> copies = new ArrayList<>();
                await().atMost(DEADLINE).pollInSameThread().until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> copies.add(r.value()));
                    return copies.stream().anyMatch(copy -> copy.contains("R-8"));
                });
            }
            // ... and writes on its own inbound topic, which the hub found without a restart
            String event = DemoMessages.profile(PARTNER, "F-10");
            String eventId = Json.mapper().readTree(event).get("id").asText();
            try (var producer = new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
                var record = new ProducerRecord<>(hub.topics().inbound(PARTNER), "F-10", event);
                record.headers().add(KithHeaders.SIGNATURE, DetachedJws.sign(key, Instant.now(),
                        SigningInput.structured(event.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
            await().atMost(DEADLINE).until(() -> KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(),
                    "ce_partnereventid").contains(eventId));

            // revoked: every path closed, on the token, the certificate, the registry and the webhook
            Run revoked = kith(dir, url, "partner", "revoke", PARTNER);
            assertEquals(0, revoked.exit(), revoked.err());
            assertTrue(revoked.out().startsWith("revoked partner " + PARTNER + " at "), revoked.out());
            await().atMost(DEADLINE).until(() -> partner.publish(DemoMessages.profile(PARTNER, "F-9")).statusCode(),
                    status -> status == 401);
            try (var consumer = new KafkaConsumer<>(kafka, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(hub.topics().outbound(PARTNER)));
                assertInstanceOf(SaslAuthenticationException.class, KafkaProbe.pollUntilRefused(consumer, DEADLINE), "the Kafka user is gone");
            }
            String referral = DemoMessages.referral(AGENCY, "F-8", "R-9", PARTNER);
            assertEquals("unknown-recipient", AdminHttp.json(api.send("POST", "/v1/admin/dry-run", ADMIN_TOKEN, referral,
                    "application/cloudevents+json")).at("/recipients/0/outcome").asText());
            var accepted = agency.publish(referral);
            assertEquals(202, accepted.statusCode());
            String messageId = Json.mapper().readTree(accepted.body()).get("messageId").asText();
            await().atMost(DEADLINE).until(() -> ledger(hub).stream().anyMatch(entry -> entry.contains(messageId)
                    && entry.contains("\"reasons\":[\"unknown-recipient\"]")));
            assertTrue(harbor.deliveries().stream().noneMatch(d -> d.body().contains("R-9")), "nothing delivered after");
            JsonNode after = AdminHttp.json(api.get("/v1/admin/partners/" + PARTNER, ADMIN_TOKEN));
            assertEquals(0, after.get("certificates").size());
            assertFalse(after.get("token").asBoolean());
            assertFalse(after.get("revokedAt").isNull());
            String revocations = Files.readString(dir.resolve("data").resolve("keys").resolve("ca-revoked.json"));
            assertTrue(revocations.contains("\"" + serial + "\""), "the certificate is on the CA's revocation list");
            assertEquals(409, api.post("/v1/admin/partners/" + PARTNER + "/credentials", ADMIN_TOKEN,
                    "{\"token\": true}").statusCode(), "no credentials for a revoked partner");

            JsonNode history = await().atMost(DEADLINE).until(() -> AdminHttp.json(
                    api.get("/v1/admin/partners/" + PARTNER + "/history", ADMIN_TOKEN)).get("history"),
                    h -> h.findValuesAsText("action").contains("partner-revoke"));
            assertEquals(List.of("partner-set", "partner-credentials", "partner-revoke"), history.findValuesAsText("action"));
            String ledger = String.join("\n", ledger(hub));
            assertFalse(ledger.contains(token) || ledger.contains(PartnerRegistry.sha256(token)),
                    "neither the token nor its hash is in the ledger");
            assertFalse(ledger.contains(Files.readString(out.resolve("client.key.pem")).lines().skip(1).findFirst()
                    .orElseThrow()), "no private key in the ledger");
        }
    }

    record Run(int exit, String out, String err) {
    }

    /** {@code kith ARGS --url URL --token-file FILE} as an administrator types it, in this JVM. */
    static Run kith(Path dir, String url, String... args) throws Exception {
        Path tokenFile = dir.resolve("admin.token");
        if (!Files.exists(tokenFile)) {
            Files.writeString(tokenFile, ADMIN_TOKEN + "\n");
        }
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--url", url, "--token-file", tokenFile.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new KithCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(line.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<String> ledger(Hub hub) {
        return TopicReader.readValues(hub.bootstrapServers(), hub.topics().ledger());
    }

    /**
     * The same Kafka user serves a client that is not Java: KafkaJS, configured from nothing but the
     * {@code librdkafka.conf} written beside {@code kafka.properties}, logs in by SCRAM-SHA-512, reads
     * the hub's copy from the partner's own topic, committed records only (a transaction aborted on it
     * stays unseen), publishes a signed message the hub accepts, and is refused another partner's topic.
     */
    private static void connectsWithKafkaJs(KafkaJs kafkajs, Hub hub, Path out, SigningKey key) {
        try {
            Path conf = out.resolve("librdkafka.conf");
            assertTrue(Files.readString(conf).contains("\nisolation.level=read_committed\n"), "read_committed");
            String outbound = hub.topics().outbound(PARTNER);
            KafkaProbe.produceTransactionally(hub.bootstrapServers(), outbound, "onboarding-aborted", List.of("ABORTED-8"),
                    false);
            KafkaProbe.produceTransactionally(hub.bootstrapServers(), outbound, "onboarding-committed",
                    List.of("COMMITTED-8"), true);
            JsonNode read = kafkajs.partner(conf, "read", outbound, "COMMITTED-8", "R-8", "ABORTED-8");
            assertTrue(read.path("found").asBoolean(), read.toString());
            assertEquals(List.of("R-8"), Json.mapper().convertValue(read.get("seen"), List.class),
                    "the hub's copy is read, the aborted record is not: " + read);

            JsonNode refused = kafkajs.partner(conf, "read", hub.topics().outbound(AgencyAndClinic.CLINIC), "R-8");
            assertEquals("TOPIC_AUTHORIZATION_FAILED", refused.path("refused").asText(), refused.toString());

            String event = DemoMessages.profile(PARTNER, "F-11");
            Path value = Files.writeString(out.resolveSibling("kafkajs-event.json"), event);
            String signature = DetachedJws.sign(key, Instant.now(), SigningInput.structured(
                    event.getBytes(StandardCharsets.UTF_8)));
            JsonNode produced = kafkajs.partner(conf, "produce", hub.topics().inbound(PARTNER), "F-11",
                    value.toString(), signature);
            assertTrue(produced.has("produced"), produced.toString());
            String eventId = Json.mapper().readTree(event).get("id").asText();
            await().atMost(DEADLINE).until(() -> KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(),
                    "ce_partnereventid").contains(eventId));
        } catch (Exception e) {
            throw new AssertionError("the KafkaJS partner", e);
        }
    }

    /**
     * The partner's {@code kafka.properties} as written by {@code kith partner add}, used as is: its
     * own consumer group and committed records only are in it; the test reads in a second group of
     * the partner's (its ACLs allow {@code <group>.<anything>}), the first having been KafkaJS's.
     */
    private static Properties kafkaSettings(Hub hub, Path out) throws Exception {
        Properties kafka = new Properties();
        try (var reader = Files.newBufferedReader(out.resolve("kafka.properties"))) {
            kafka.load(reader);
        }
        assertEquals(hub.partnerBootstrapServers().orElseThrow(), kafka.getProperty("bootstrap.servers"));
        assertEquals(hub.topics().prefix() + "kith-partner-" + PARTNER, kafka.getProperty(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals("read_committed", kafka.getProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
        kafka.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.getProperty(ConsumerConfig.GROUP_ID_CONFIG) + ".java");
        kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return kafka;
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    /** A hub with a partner listener, an administrator, the agency and the clinic (its webhook). */
    static Map<String, String> settings(Path dir, PartnerWebhookServer clinic) throws Exception {
        Map<String, String> settings = AgencyAndClinic.write(dir, AGENCY_TOKEN, clinic.url("/kith"));
        Files.writeString(dir.resolve("users.json"), """
                {"users": [{"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(ADMIN_TOKEN)));
        settings.putAll(Map.of(
                HubOption.KAFKA_PORT.key(), "0",
                HubOption.KAFKA_PARTNER_PORT.key(), "0",
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("onboarding"),
                HubOption.TOPIC_PARTITIONS.key(), "2",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.USERS_FILE.key(), dir.resolve("users.json").toString(),
                HubOption.HTTP_PORT.key(), "0",
                HubOption.COMMIT_INTERVAL_MS.key(), "50"));
        return settings;
    }
}
