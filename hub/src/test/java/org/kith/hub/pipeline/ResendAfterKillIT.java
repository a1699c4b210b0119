package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kith.hub.pipeline.PipelineFixture.AGENCY;
import static org.kith.hub.pipeline.PipelineFixture.AGENCY_TOKEN;
import static org.kith.hub.pipeline.PipelineFixture.CLINIC;
import static org.kith.hub.pipeline.PipelineFixture.COURT;
import static org.kith.hub.pipeline.PipelineFixture.DEADLINE;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.config.HubOption;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * A message sent again after the hub was killed ({@code kill -9}) and restarted, through each edge,
 * is decided once and delivered once. One hub in a child JVM ({@link ChildHub}) takes three messages
 * about one family: a referral to the clinic over REST, another to the clinic on the agency's Kafka
 * inbound topic, and a court's hearing notice to the agency in a dropped batch (under the
 * dependency-hearing statute). Once each is decided the hub is killed and another started on the same
 * data directory and topics; then each is sent again: the same REST request (signed anew), the same
 * Kafka record (signed anew), and the same batch re-encoded (CRLF line endings, the columns in another
 * order). Then: the REST resend is answered 202 with the first message id, the Kafka record is taken
 * without a second copy, the batch's row is reported {@code duplicate} with the first message id;
 * another message under a used id is refused as {@code replayed} (409 over REST, a refusal on the
 * agency's status topic by Kafka); and, read with read_committed, each message is once on
 * {@code kith.inbound}, decided once in the ledger, once on its recipient's outbound topic, and
 * received by the recipient's webhook under one {@code Idempotency-Key}, the first message id.
 *
 * <p>A fourth message, a second REST referral, stands for a crash between storing a message and
 * recording its id (or two instances taking it at once): after the restart its stored record is
 * written to {@code kith.inbound} once more, as the resend the door could not recognise would be.
 * The core decides it once: a {@code replayed} refusal naming its message id in the ledger, a
 * {@code refused} notice to the agency, no second copy.
 */
class ResendAfterKillIT {

    private static final String FAMILY = "F-RK-1";
    private static final List<String> CHILD_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");
    private static final Path LOGS = Path.of("target", "ResendAfterKillIT");
    private static final String NOTICE_COLUMNS = "eventId,familyId,purpose,recipients,noticeId,courtCaseId,noticeType,"
            + "hearingId,hearingType,scheduledAt,courtroom";
    private static final String NOTICE = "N-RK-1,F-RK-1,court-proceeding,county-cw,CN-RK-1,JD-RK-1,hearing-scheduled,"
            + "H-RK-1,disposition,2027-01-14T13:30:00-06:00,3B";

    private final List<ChildHub> children = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void killTheChildren() {
        children.forEach(ChildHub::destroy);
    }

    @Test
    void eachEdgesResendAfterAKillIsDecidedOnceAndDeliveredOnce(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(LOGS);
        Path drop = dir.resolve("filedrop");
        try (var agencyHooks = PartnerWebhookServer.start("/kith");
             var clinicHooks = PartnerWebhookServer.start("/kith");
             var fixture = PipelineFixture.create("ResendAfterKillIT", dir)
                     .webhooks(agencyHooks.url("/kith"), clinicHooks.url("/kith"))
                     .partnership(DemoMessages.demoPartnership(AGENCY, COURT, CLINIC))
                     .with(HubOption.FILEDROP_DIR, drop.toString());
             var kafka = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrap(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            Path data = dir.resolve("data");
            ChildHub first = start(fixture, data, logs.resolve("first.log"));
            fixture.grantPermission(FAMILY, CLINIC); // the family's profile (the agency responsible), consent for the clinic
            fixture.flush();

            String rest = DemoMessages.referral(AGENCY, FAMILY, "R-RK-1", CLINIC);
            String restId = accepted(agency(first).publish(rest));
            String slipped = DemoMessages.referral(AGENCY, FAMILY, "R-RK-3", CLINIC);
            String slippedId = accepted(agency(first).publish(slipped));
            String byKafka = DemoMessages.referral(AGENCY, FAMILY, "R-RK-2", CLINIC);
            send(kafka, fixture, byKafka);
            byte[] batch = (NOTICE_COLUMNS + "\n" + NOTICE + "\n").getBytes(StandardCharsets.UTF_8);
            dropBatch(drop, "hearings.csv", batch);
            String noticeId = resultRow(drop, "hearings.csv").split(",")[2];
            String kafkaId = await("the Kafka referral stored").atMost(DEADLINE)
                    .until(() -> messageIdOf(fixture, eventId(byKafka)), id -> id != null);
            awaitDecided(fixture, Set.of(restId + " " + CLINIC, slippedId + " " + CLINIC, kafkaId + " " + CLINIC,
                    noticeId + " " + AGENCY));

            first.kill();
            fixture.evictAllGroupMembers();
            ChildHub second = start(fixture, data, logs.resolve("second.log"));

            HttpResponse<String> restAgain = agency(second).publish(rest);
            HttpResponse<String> restReplay = agency(second).publish(rest.replace("\"routine\"", "\"urgent\""));
            send(kafka, fixture, byKafka);
            send(kafka, fixture, byKafka.replace("\"routine\"", "\"urgent\""));
            byte[] reencoded = (reordered(NOTICE_COLUMNS) + "\r\n" + reordered(NOTICE) + "\r\n").getBytes(StandardCharsets.UTF_8);
            dropBatch(drop, "hearings-again.csv", reencoded);
            String rowAgain = resultRow(drop, "hearings-again.csv");
            storeAgain(kafka, fixture, slippedId);
            await("the Kafka ingress took all three records").atMost(DEADLINE)
                    .until(() -> ingressCommitted(fixture) == 3);
            fixture.awaitCaughtUp(DEADLINE);
            await("the agency told of its Kafka replay").atMost(DEADLINE).until(() -> fixture.statusNotices().stream()
                    .anyMatch(n -> "replayed".equals(n.path("reason").asText())
                            && eventId(byKafka).equals(n.path("partnerEventId").asText())));
            await("the recipients' webhooks received their copies").atMost(DEADLINE).until(() ->
                    keys(clinicHooks).containsAll(Set.of(restId, slippedId, kafkaId)) && keys(agencyHooks).contains(noticeId));

            // counted by the sender's event, not by message id: a copy stored again under another id counts too
            String restEvent = AGENCY + " " + eventId(rest);
            String kafkaEvent = AGENCY + " " + eventId(byKafka);
            String noticeEvent = COURT + " N-RK-1";
            String slippedEvent = AGENCY + " " + eventId(slipped);
            List<Stored> inbound = inbound(fixture);
            Map<String, Integer> stored = count(inbound.stream().map(Stored::event).toList());
            Map<String, Map<String, Integer>> decided = decisionsByEvent(fixture, inbound);
            Map<String, Integer> toClinic = copiesByEvent(fixture, CLINIC);
            Map<String, Integer> toAgency = copiesByEvent(fixture, AGENCY);
            List<String> replayedRefusals = new ArrayList<>();
            fixture.forEachLedgerEntry("refusal", r -> {
                if ("replayed".equals(r.path("reason").asText())) {
                    replayedRefusals.add(r.path("messageId").asText("") + " " + r.path("partnerEventId").asText());
                }
            });
            List<String> refusedNotices = fixture.statusNotices().stream()
                    .filter(n -> "refused".equals(n.path("outcome").asText()) && slippedId.equals(n.path("messageId").asText()))
                    .map(n -> n.path("reason").asText()).toList();
            second.stop();
            assertAll(
                    () -> assertEquals(restId, accepted(restAgain), "REST: the resend is answered with the first message id"),
                    () -> assertEquals(409, restReplay.statusCode(), "REST: another message under the id: " + restReplay.body()),
                    () -> assertEquals(1, stored.getOrDefault(restEvent, 0), "REST: stored once"),
                    () -> assertEquals(Map.of(CLINIC, 1), decided.get(restEvent), "REST: decided once"),
                    () -> assertEquals(1, toClinic.getOrDefault(restEvent, 0), "REST: one copy"),
                    () -> assertEquals(1, stored.getOrDefault(kafkaEvent, 0), "Kafka: stored once"),
                    () -> assertEquals(Map.of(CLINIC, 1), decided.get(kafkaEvent), "Kafka: decided once"),
                    () -> assertEquals(1, toClinic.getOrDefault(kafkaEvent, 0), "Kafka: one copy"),
                    () -> assertEquals("1,duplicate," + noticeId + ",already-accepted", rowAgain,
                            "file drop: the re-encoded row is a duplicate of the first"),
                    () -> assertEquals(1, stored.getOrDefault(noticeEvent, 0), "file drop: stored once"),
                    () -> assertEquals(Map.of(AGENCY, 1), decided.get(noticeEvent), "file drop: decided once"),
                    () -> assertEquals(1, toAgency.getOrDefault(noticeEvent, 0), "file drop: one copy"),
                    () -> assertEquals(2, stored.getOrDefault(slippedEvent, 0), "slipped through: stored twice"),
                    () -> assertEquals(Map.of(CLINIC, 1), decided.get(slippedEvent), "slipped through: decided once"),
                    () -> assertEquals(1, toClinic.getOrDefault(slippedEvent, 0), "slipped through: one copy"),
                    () -> assertEquals(true, replayedRefusals.contains(slippedId + " " + eventId(slipped)),
                            "slipped through: a replayed refusal naming its message id, in " + replayedRefusals),
                    () -> assertEquals(List.of("replayed"), refusedNotices, "slipped through: the agency is told"),
                    () -> assertEquals(Set.of(restId, slippedId, kafkaId), keys(clinicHooks), "the clinic's Idempotency-Keys"),
                    () -> assertEquals(Set.of(noticeId), keys(agencyHooks), "the agency's Idempotency-Keys"));
        }
    }

    private ChildHub start(PipelineFixture fixture, Path data, Path log) throws Exception {
        ChildHub child = ChildHub.start(fixture, data, CHILD_JVM, log);
        children.add(child);
        return child;
    }

    private static AgencySystem agency(ChildHub hub) {
        return new AgencySystem(hub.httpPort(), AGENCY_TOKEN, AgencyAndClinic.AGENCY_KEY, Clock.systemUTC());
    }

    private static String accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body()).get("messageId").asText();
    }

    private static String eventId(String cloudEvent) {
        try {
            return Json.mapper().readTree(cloudEvent).get("id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The agency's system on Kafka: the structured CloudEvent on its own inbound topic, signed now. */
    private static void send(KafkaProducer<String, byte[]> kafka, PipelineFixture fixture, String cloudEvent)
            throws Exception {
        byte[] value = cloudEvent.getBytes(StandardCharsets.UTF_8);
        var record = new ProducerRecord<String, byte[]>(fixture.topics().inbound(AGENCY), 0, FAMILY, value);
        record.headers().add(KithHeaders.SIGNATURE, DetachedJws.sign(AgencyAndClinic.AGENCY_KEY, Instant.now(),
                SigningInput.structured(value)).getBytes(StandardCharsets.US_ASCII));
        kafka.send(record).get(30, TimeUnit.SECONDS);
    }

    /**
     * Writes the stored record of {@code messageId} to {@code kith.inbound} once more, headers, key and
     * value as they are: what a crash between storing a message and recording its id lets a resend do.
     */
    private static void storeAgain(KafkaProducer<String, byte[]> kafka, PipelineFixture fixture, String messageId)
            throws Exception {
        List<ProducerRecord<String, byte[]>> copies = new ArrayList<>();
        fixture.forEachCommitted(fixture.topics().inbound(), record -> {
            if (messageId.equals(PipelineFixture.header(record, "ce_id"))) {
                copies.add(new ProducerRecord<>(fixture.topics().inbound(), null, record.key(), record.value(),
                        record.headers()));
            }
        });
        assertEquals(1, copies.size());
        kafka.send(copies.get(0)).get(30, TimeUnit.SECONDS);
    }

    /** How far the Kafka ingress committed on the agency's inbound topic (every record goes to partition 0). */
    private static long ingressCommitted(PipelineFixture fixture) throws Exception {
        try (var admin = KafkaProbe.admin(fixture.bootstrap())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(fixture.topics().prefix()
                    + "kith-kafka-ingress").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(fixture.topics().inbound(AGENCY), 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    /** The court's system: the signature first, then the batch, each written aside and moved in. */
    private static void dropBatch(Path drop, String name, byte[] batch) throws Exception {
        Path court = drop.resolve(COURT);
        Path in = Files.createDirectories(court.resolve("in"));
        Files.writeString(court.resolve(name + ".jws.part"), DetachedJws.sign(AgencyAndClinic.keyOf(COURT), Instant.now(),
                SigningInput.file(batch)), StandardCharsets.US_ASCII);
        Files.move(court.resolve(name + ".jws.part"), in.resolve(name + ".jws"));
        Files.write(court.resolve(name + ".part"), batch);
        Files.move(court.resolve(name + ".part"), in.resolve(name));
    }

    /** The result line of the batch's only row. */
    private static String resultRow(Path drop, String name) throws Exception {
        Path result = drop.resolve(COURT).resolve("results").resolve(name + ".result.csv");
        await("the result of " + name).atMost(DEADLINE).until(() -> Files.exists(result));
        List<String> lines = Files.readAllLines(result);
        assertEquals(2, lines.size(), lines.toString());
        return lines.get(1).strip();
    }

    /** A CSV line with its columns in reverse order. */
    private static String reordered(String line) {
        List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
        Collections.reverse(cells);
        return String.join(",", cells);
    }

    /** The message id the hub gave the agency's event {@code eventId}, once it is on the inbound topic. */
    private static String messageIdOf(PipelineFixture fixture, String eventId) {
        List<String> ids = new ArrayList<>();
        fixture.forEachCommitted(fixture.topics().inbound(), record -> {
            if (eventId.equals(PipelineFixture.header(record, "ce_partnereventid"))
                    && AGENCY.equals(PipelineFixture.header(record, "ce_source"))) {
                ids.add(PipelineFixture.header(record, "ce_id"));
            }
        });
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** One message on the inbound topic: the hub's id and the sender's event, "sender event id". */
    private record Stored(String messageId, String event) {
    }

    private static List<Stored> inbound(PipelineFixture fixture) {
        List<Stored> stored = new ArrayList<>();
        fixture.forEachCommitted(fixture.topics().inbound(), record -> {
            String id = PipelineFixture.header(record, "ce_id");
            if (id != null) {
                stored.add(new Stored(id, PipelineFixture.header(record, "ce_source") + " "
                        + PipelineFixture.header(record, "ce_partnereventid")));
            }
        });
        return stored;
    }

    private static Map<String, Integer> count(java.util.Collection<String> values) {
        Map<String, Integer> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    /** For each sender's event, its decisions by recipient. */
    private static Map<String, Map<String, Integer>> decisionsByEvent(PipelineFixture fixture, List<Stored> stored) {
        Map<String, String> eventOf = new java.util.HashMap<>();
        stored.forEach(message -> eventOf.put(message.messageId(), message.event()));
        Map<String, Map<String, Integer>> decided = new TreeMap<>();
        fixture.forEachLedgerEntry(PipelineFixture.DECISION, d -> decided
                .computeIfAbsent(eventOf.getOrDefault(d.get("messageId").asText(), "?"), e -> new TreeMap<>())
                .merge(d.get("recipient").asText(), 1, Integer::sum));
        return decided;
    }

    /** How many copies of each sender's event are on the recipient's outbound topic (read_committed). */
    private static Map<String, Integer> copiesByEvent(PipelineFixture fixture, String recipient) {
        List<String> events = new ArrayList<>();
        fixture.forEachCommitted(fixture.topics().outbound(recipient), record -> events.add(
                PipelineFixture.header(record, "ce_source") + " " + PipelineFixture.header(record, "ce_partnereventid")));
        return count(events);
    }

    /** "messageId recipient" of every decision in the ledger. */
    private static Set<String> decisionKeys(PipelineFixture fixture) {
        Set<String> keys = new java.util.HashSet<>();
        fixture.forEachLedgerEntry(PipelineFixture.DECISION, d -> keys.add(d.get("messageId").asText() + " "
                + d.get("recipient").asText()));
        return keys;
    }

    private static void awaitDecided(PipelineFixture fixture, Set<String> decisions) {
        await("decided: " + decisions).atMost(DEADLINE).until(() -> decisionKeys(fixture).containsAll(decisions));
    }

    private static Set<String> keys(PartnerWebhookServer hooks) {
        return hooks.deliveries().stream().map(PartnerWebhookServer.Delivery::idempotencyKey).collect(Collectors.toSet());
    }
}
