package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;

/**
 * The file drop on a real broker: a court's signed batch of three hearing notices, one of them
 * invalid, puts the two valid ones on the inbound topic and reports all three; an unsigned batch and
 * a batch altered after signing publish nothing and are filed in {@code failed/}.
 */
class FileDropIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String COURT = "family-court";
    private static final String SCHOOL = "lincoln-elementary";
    private static final String NOTICE = "evt-1,F-1,court-proceeding,county-cw,CN-1,JD-1,hearing-scheduled,H-1,disposition,"
            + "2027-01-14T13:30:00-06:00,3B\n";
    private static final String ADMIN_TOKEN = "file-drop-admin-token";
    private static final String HEADER = "eventId,familyId,purpose,recipients,noticeId,courtCaseId,noticeType,hearingId,"
            + "hearingType,scheduledAt,courtroom\n";

    @Test
    void aSignedBatchIsPublishedRowByRowAndAnUnsignedOneNotAtAll(@TempDir Path dir) throws Exception {
        Path drop = dir.resolve("filedrop");
        try (Hub hub = Hub.start(config(dir, drop), Clock.systemUTC())) {
            Path court = drop.resolve(COURT);
            byte[] batch = (HEADER
                    + "evt-1,F-1,court-proceeding,county-cw,CN-1,JD-1,hearing-scheduled,H-1,disposition,2027-01-14T13:30:00-06:00,3B\n"
                    + "evt-2,F-2,court-proceeding,county-cw,CN-2,JD-2,hearing-scheduled,H-2,not-a-hearing-type,2027-01-15T09:00:00Z,\n"
                    + "evt-3,F-1,court-proceeding,county-cw,CN-3,JD-1,hearing-continued,H-3,review,2027-02-01T10:00:00Z,4A\n")
                    .getBytes(StandardCharsets.UTF_8);
            drop(court, "hearings-1.csv", batch, sign(batch));

            List<String> result = awaitResult(court, "hearings-1.csv");
            assertEquals("row,status,messageId,reason", result.get(0));
            assertEquals(4, result.size(), "every row reported: " + result);
            assertTrue(result.get(1).startsWith("1,accepted,"), result.get(1));
            assertTrue(result.get(2).startsWith("2,invalid,,\"/data/hearing/type "), result.get(2));
            assertFalse(result.get(2).contains("not-a-hearing-type"), "never the data");
            assertTrue(result.get(3).startsWith("3,accepted,"), result.get(3));
            Set<String> accepted = Set.of(result.get(1).split(",")[2], result.get(3).split(",")[2]);
            await().atMost(DEADLINE).until(() -> Set.copyOf(
                    KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_id")), accepted::equals);
            assertEquals(List.of(COURT, COURT),
                    KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_source"));
            // a batch sets no header: never one of those only the hub writes (a redelivery, an emergency's declarer)
            List<String> names = org.kith.hub.topics.TopicReader.readAll(hub.bootstrapServers(), hub.topics().inbound())
                    .stream().flatMap(r -> java.util.stream.StreamSupport.stream(r.headers().spliterator(), false))
                    .map(org.apache.kafka.common.header.Header::key).toList();
            assertTrue(names.stream().allMatch(n -> n.startsWith("ce_") || n.equals("content-type")), names.toString());
            await("the signature is filed with its batch").atMost(DEADLINE).until(() -> Files.exists(
                    court.resolve("done/hearings-1.csv")) && Files.exists(court.resolve("done/hearings-1.csv.jws")));

            drop(court, "hearings-2.csv", batch, null);
            assertEquals(List.of("row,status,messageId,reason", "file,refused,,unsigned"), awaitResult(court, "hearings-2.csv"));
            byte[] altered = new String(batch, StandardCharsets.UTF_8).replace("3B", "3C").getBytes(StandardCharsets.UTF_8);
            drop(court, "hearings-3.csv", altered, sign(batch));
            assertEquals(List.of("row,status,messageId,reason", "file,refused,,bad-signature"),
                    awaitResult(court, "hearings-3.csv"));
            await().atMost(DEADLINE).until(() -> Files.exists(court.resolve("failed/hearings-2.csv"))
                    && Files.exists(court.resolve("failed/hearings-3.csv")));
            assertEquals(2, KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound()), "nothing more published");
            try (var left = Files.list(court.resolve("in"))) {
                assertEquals(0, left.count(), "in/ keeps nothing taken");
            }
        }
    }

    @Test
    void aPartnerRegisteredAfterStartGetsItsDropAtOnceAndLosesItWhenRemoved(@TempDir Path dir) throws Exception {
        Path drop = dir.resolve("filedrop");
        try (Hub hub = Hub.start(config(dir, drop), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            String other = "juvenile-court";
            String entry = "{\"kind\": \"court\", \"name\": \"Second Court\", \"publicKeys\": "
                    + AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(other)) + "}";
            AdminHttp.json(api.put("/v1/admin/partners/" + other, ADMIN_TOKEN, entry));
            Path partner = drop.resolve(other);
            byte[] batch = (HEADER + "evt-1,F-1,court-proceeding,county-cw,CN-1,JD-1,hearing-scheduled,H-1,disposition,"
                    + "2027-01-14T13:30:00-06:00,3B\n").getBytes(StandardCharsets.UTF_8);
            drop(partner, "first.csv", batch, sign(other, batch));
            List<String> result = awaitResult(partner, "first.csv");
            assertTrue(result.get(1).startsWith("1,accepted,"), "the new partner's drop works without a restart: " + result);
            assertTrue(KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_source").contains(other),
                    "its row is on the inbound topic (beside the administration's own record of the change)");

            AdminHttp.json(api.delete("/v1/admin/partners/" + other, ADMIN_TOKEN));
            await().atMost(DEADLINE).until(() -> api.get("/v1/admin/partners/" + other, ADMIN_TOKEN).statusCode() == 404);
            awaitNoLongerRead(partner);
            drop(partner, "second.csv", batch, sign(other, batch));
            Path court = drop.resolve(COURT);
            drop(court, "after.csv", batch, sign(batch));
            awaitResult(court, "after.csv");
            assertTrue(Files.exists(partner.resolve("in/second.csv")), "a removed partner's drop is no longer read");
            assertFalse(Files.exists(partner.resolve("results/second.csv.result.csv")));
        }
    }

    @Test
    void aTooLargeBatchAndABatchAcceptedBeforeAreRefusedEvenAfterARestart(@TempDir Path dir) throws Exception {
        Path drop = dir.resolve("filedrop");
        Path court = drop.resolve(COURT);
        HubConfig config = config(dir, drop, Map.of(HubOption.FILEDROP_MAX_BYTES.key(), "1024"));
        byte[] batch = (HEADER + NOTICE).getBytes(StandardCharsets.UTF_8);
        try (Hub hub = Hub.start(config, Clock.systemUTC())) {
            byte[] large = (HEADER + NOTICE.repeat(10)).getBytes(StandardCharsets.UTF_8);
            assertTrue(large.length > 1024);
            drop(court, "large.csv", large, sign(large));
            assertEquals(List.of("row,status,messageId,reason", "file,refused,,too-large"), awaitResult(court, "large.csv"));
            await().atMost(DEADLINE).until(() -> Files.exists(court.resolve("failed/large.csv")));

            drop(court, "monday.csv", batch, sign(batch));
            assertTrue(awaitResult(court, "monday.csv").get(1).startsWith("1,accepted,"));
            drop(court, "monday-again.csv", batch, sign(batch));
            assertEquals(List.of("row,status,messageId,reason", "file,refused,,duplicate"),
                    awaitResult(court, "monday-again.csv"));
            await().atMost(DEADLINE).until(() -> Files.exists(court.resolve("failed/monday-again.csv")));
            assertEquals(1, KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound()),
                    "only the first copy was published, nothing of the large one");
        }
        try (Hub hub = Hub.start(config, Clock.systemUTC())) {
            drop(court, "monday-once-more.csv", batch, sign(batch));
            assertEquals(List.of("row,status,messageId,reason", "file,refused,,duplicate"),
                    awaitResult(court, "monday-once-more.csv"), "the accepted digests survive a restart");
            byte[] tuesday = (HEADER + NOTICE.replace("evt-1", "evt-2")).getBytes(StandardCharsets.UTF_8);
            drop(court, "tuesday.csv", tuesday, sign(tuesday));
            assertTrue(awaitResult(court, "tuesday.csv").get(1).startsWith("1,accepted,"), "other bytes are taken");
            assertEquals(2, KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound()));
        }
    }

    @Test
    void attendanceAndXmlBatchesAreReportedRowByRowAndAnXmlDoctypeIsNeverResolved(@TempDir Path dir) throws Exception {
        Path drop = dir.resolve("filedrop");
        AtomicInteger fetched = new AtomicInteger();
        HttpServer entities = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        entities.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "the-secret".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        entities.start();
        try (Hub hub = Hub.start(config(dir, drop), Clock.systemUTC())) {
            Path school = drop.resolve(SCHOOL);
            byte[] attendance = ("eventId,familyId,purpose,recipients,recordId,asOf,personId,stateStudentId,schoolId,"
                    + "schoolName,enrollmentStatus,periodFrom,periodTo,daysEnrolled,daysPresent,daysAbsent,"
                    + "daysAbsentUnexcused,daysTardy\n"
                    + "evt-a1,F-1,education-stability,county-cw,ER-1,2026-11-24,F-1-C1,,170993004512,Lincoln Elementary,"
                    + "enrolled,2026-08-19,2026-10-16,41,38,3,1,2\n"
                    + "evt-a2,F-2,education-stability,county-cw,ER-2,2026-11-24,F-2-C1,,,,,2026-08-19,,41,-4,3,,\n")
                    .getBytes(StandardCharsets.UTF_8);
            drop(school, "week-47.attendance.csv", attendance, sign(SCHOOL, attendance));
            List<String> result = awaitResult(school, "week-47.attendance.csv");
            assertEquals(3, result.size(), result.toString());
            assertTrue(result.get(1).startsWith("1,accepted,"), result.get(1));
            assertTrue(result.get(2).startsWith("2,invalid,,/data/attendance/0/daysPresent "), result.get(2));

            Path court = drop.resolve(COURT);
            String row = "<row><eventId>%s</eventId><familyId>F-3</familyId><purpose>court-proceeding</purpose>"
                    + "<recipients>county-cw</recipients><noticeId>CN-%1$s</noticeId><courtCaseId>JD-3</courtCaseId>"
                    + "<noticeType>hearing-scheduled</noticeType><hearingId>H-%1$s</hearingId>"
                    + "<hearingType>%s</hearingType><scheduledAt>2027-03-01T09:00:00Z</scheduledAt></row>\n";
            byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<batch>\n" + row.formatted("evt-x1", "review")
                    + row.formatted("evt-x2", "no-such-hearing") + row.formatted("evt-x3", "review").replace("<row>",
                    "<row><judge>J</judge>") + row.formatted("evt-x4", "permanency") + "</batch>\n")
                    .getBytes(StandardCharsets.UTF_8);
            drop(court, "march.court-notice.xml", xml, sign(xml));
            List<String> statuses = awaitResult(court, "march.court-notice.xml");
            assertEquals(5, statuses.size(), statuses.toString());
            assertTrue(statuses.get(1).startsWith("1,accepted,"), statuses.get(1));
            assertTrue(statuses.get(2).startsWith("2,invalid,,\"/data/hearing/type "), statuses.get(2));
            assertEquals("3,malformed,,unknown-element judge", statuses.get(3));
            assertTrue(statuses.get(4).startsWith("4,accepted,"), statuses.get(4));
            await().atMost(DEADLINE).until(() -> Files.exists(court.resolve("done/march.court-notice.xml"))
                    && Files.exists(court.resolve("done/march.court-notice.xml.jws")));

            String url = "http://127.0.0.1:" + entities.getAddress().getPort() + "/entity";
            byte[] hostile = ("<?xml version=\"1.0\"?>\n<!DOCTYPE batch [<!ENTITY xxe SYSTEM \"" + url + "\">]>\n<batch>"
                    + row.formatted("evt-x5", "review").replace("JD-3", "&xxe;") + "</batch>\n").getBytes(StandardCharsets.UTF_8);
            drop(court, "hostile.court-notice.xml", hostile, sign(hostile));
            assertEquals(List.of("row,status,messageId,reason", "file,unreadable,,doctype"),
                    awaitResult(court, "hostile.court-notice.xml"));
            await().atMost(DEADLINE).until(() -> Files.exists(court.resolve("failed/hostile.court-notice.xml")));
            assertEquals(0, fetched.get(), "the external entity was never fetched");

            byte[] unknown = new String(attendance, StandardCharsets.UTF_8).replace("evt-a", "evt-b").getBytes(StandardCharsets.UTF_8);
            drop(school, "week-47.grades.csv", unknown, sign(SCHOOL, unknown));
            assertEquals(List.of("row,status,messageId,reason", "file,unreadable,,unknown-layout"),
                    awaitResult(school, "week-47.grades.csv"));
            assertEquals(Set.of("evt-a1", "evt-x1", "evt-x4"), Set.copyOf(
                    KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_partnereventid")));
        } finally {
            entities.stop(0);
        }
    }

    @Test
    void aBatchOnThePartnersSftpServerGoesThroughTheSamePipeline(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("sftp-root"));
        KeyPair hubKey = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair hostKey = ec.generateKeyPair();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> "court".equals(user)
                && KeyUtils.compareKeys(key, hubKey.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        try {
            Path keyFile = dir.resolve("hub-sftp-key");
            try (var out = Files.newOutputStream(keyFile)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(hubKey, "kith hub", null, out);
            }
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                    "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
            Path drop = dir.resolve("filedrop");
            HubConfig config = config(dir, drop, Map.of(HubOption.FILEDROP_SFTP_KNOWN_HOSTS.key(), knownHosts.toString(),
                    HubOption.FILEDROP_SFTP_KEY.key(), keyFile.toString()));
            Files.writeString(dir.resolve("partners.json"), Files.readString(dir.resolve("partners.json")).replace(
                    "\"kind\": \"court\",", "\"kind\": \"court\", \"sftp\": \"sftp://court@127.0.0.1:" + server.getPort()
                            + "/court\","));
            try (Hub hub = Hub.start(config, Clock.systemUTC())) {
                Path remote = root.resolve("court");
                byte[] batch = (HEADER + NOTICE + NOTICE.replace("evt-1", "evt-2").replace("disposition", "nonsense"))
                        .getBytes(StandardCharsets.UTF_8);
                drop(remote, "friday.csv", batch, sign(batch));
                List<String> result = awaitResult(remote, "friday.csv");
                assertEquals(3, result.size(), result.toString());
                assertTrue(result.get(1).startsWith("1,accepted,"), result.get(1));
                assertTrue(result.get(2).startsWith("2,invalid,"), result.get(2));
                await().atMost(DEADLINE).until(() -> Files.exists(remote.resolve("done/friday.csv"))
                        && Files.exists(remote.resolve("done/friday.csv.jws")));
                try (var left = Files.list(remote.resolve("in"))) {
                    assertEquals(0, left.count(), "the server's in/ keeps nothing taken");
                }
                assertEquals(List.of(COURT), KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_source"));

                Path local = drop.resolve(COURT);
                drop(local, "friday-again.csv", batch, sign(batch));
                assertEquals(List.of("row,status,messageId,reason", "file,refused,,duplicate"),
                        awaitResult(local, "friday-again.csv"), "both sources share the partner's accepted batches");
                drop(remote, "unsigned.csv", batch, null);
                assertEquals(List.of("row,status,messageId,reason", "file,refused,,unsigned"), awaitResult(remote, "unsigned.csv"));
                await().atMost(DEADLINE).until(() -> Files.exists(remote.resolve("failed/unsigned.csv")));
            }
        } finally {
            server.stop(true);
        }
    }

    /** The court's signature file, as its system would write it: a detached JWS over the batch's bytes. */
    private static String sign(byte[] batch) {
        return sign(COURT, batch);
    }

    private static String sign(String partnerId, byte[] batch) {
        return DetachedJws.sign(AgencyAndClinic.keyOf(partnerId), Instant.now(), SigningInput.file(batch));
    }

    /** Drops the signature first, then the batch: written aside and moved in, as a partner should. */
    private static void drop(Path court, String name, byte[] batch, String signature) throws Exception {
        Path in = Files.createDirectories(court.resolve("in"));
        if (signature != null) {
            Files.writeString(in.resolve(name + ".jws"), signature, StandardCharsets.US_ASCII);
        }
        Path staged = Files.write(court.resolve(name + ".part"), batch);
        Files.move(staged, in.resolve(name));
    }

    /**
     * The API forgets a removed partner at once, its drop's route stops a moment later (the routes
     * follow the partners on a thread of their own): wait until a file dropped there stays unread for
     * several of the route's polls (half a second each), dropping a new probe for each one taken.
     */
    private static void awaitNoLongerRead(Path partner) {
        var probes = new AtomicInteger();
        await("the removed partner's drop is no longer read").atMost(DEADLINE).untilAsserted(() -> {
            Path probe = Files.writeString(Files.createDirectories(partner.resolve("in"))
                    .resolve("probe-" + probes.incrementAndGet() + ".csv"), "not a batch\n");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(probe));
        });
    }

    private static List<String> awaitResult(Path court, String name) {
        Path result = court.resolve("results").resolve(name + ".result.csv");
        await().atMost(DEADLINE).until(() -> Files.exists(result));
        try {
            return Files.readAllLines(result).stream().map(String::strip).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A hub with the court's and the school's drops under {@code drop} (also for the other file drop tests). */
    static HubConfig config(Path dir, Path drop) throws Exception {
        return config(dir, drop, Map.of());
    }

    private static HubConfig config(Path dir, Path drop, Map<String, String> more) throws Exception {
        Path partners = dir.resolve("partners.json");
        Files.writeString(partners, """
                {"partners": [
                  {"id": "%s", "kind": "court", "publicKeys": %s},
                  {"id": "%s", "kind": "school", "publicKeys": %s},
                  {"id": "county-cw", "kind": "child-welfare"}
                ]}""".formatted(COURT, AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(COURT)),
                SCHOOL, AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(SCHOOL))));
        Files.writeString(dir.resolve("users.json"), """
                {"users": [{"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(ADMIN_TOKEN)));
        Map<String, String> settings = new HashMap<>(more);
        settings.putAll(Map.of(
                HubOption.USERS_FILE.key(), dir.resolve("users.json").toString(),
                HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED),
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("fileDrop"),
                HubOption.TOPIC_PARTITIONS.key(), "1",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.PARTNERS_FILE.key(), partners.toString(),
                HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE,
                HubOption.HTTP_PORT.key(), "0",
                HubOption.FILEDROP_DIR.key(), drop.toString()));
        return HubConfig.from(settings, Map.of(), Map.of());
    }
}
