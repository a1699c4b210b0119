package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.crypto.HubTls;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.connectors.Problem;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaProbe;
import org.kith.hub.testing.RunsAlone;

/**
 * The door holds: a hub running as {@code kith run} runs it (its own embedded broker in this JVM,
 * so a descriptor the HTTP side took would be one the broker lacks) is flooded from loopback
 * addresses (127.0.0.2, 127.0.0.3... are distinct remote addresses) with plain sockets, while a
 * registered agency keeps publishing signed referrals on its own connection:
 * <ol>
 *   <li>one address's requests beyond its budget are refused with 429 {@code rate-limited},
 *       {@code Retry-After} and a closed connection, before any credential is read;</li>
 *   <li>one address's connections beyond its cap are closed as soon as accepted;</li>
 *   <li>slow-loris clients, sending their headers, or their body, one byte every two seconds (so an
 *       idle timer never fires), are each closed at the header or body deadline;</li>
 *   <li>several thousand connections that send nothing, from many addresses: those beyond the total
 *       cap are closed at once, the others at the header deadline, and never are more than the cap
 *       open together;</li>
 * </ol>
 * and throughout every publication of the agency is answered 202; afterwards the broker answers
 * describeCluster, the health is 200, and a new connection is served at once. The same door over
 * HTTPS, with a smaller flood: connections that never start their TLS handshake or never finish it,
 * or finish it and send nothing, held to the same caps and header deadline, and refusals answered
 * before the body is read reaching TLS clients whole.
 *
 * <p>Sizes: {@code -Dkith.door.idle=3000} idle connections and {@code -Dkith.door.slow=200} slow
 * ones (half headers, half bodies). The JVM raises its own soft open-file limit to the hard one
 * (HotSpot's {@code MaxFDLimit}, on by default), so a CI machine's usual 1024 soft / 524288 hard is
 * no obstacle; with a lower hard limit the flood is sized down to fit (client and server ends both
 * live in this JVM), and below 4096 descriptors the test does not run.
 */
@RunsAlone
class HttpDoorIT {

    private static final int IDLE = Integer.getInteger("kith.door.idle", 3_000);
    private static final int SLOW = Integer.getInteger("kith.door.slow", 200);
    private static final int PER_ADDRESS = 400;
    private static final int OVER_ADDRESS_CAP = 50;
    private static final int HEADER_MS = 3_000;
    private static final int BODY_MS = 4_000;
    /** Longer than the slow clients' two seconds between bytes and than the whole flood: it never closes them. */
    private static final int IDLE_MS = 30_000;
    private static final int RATE = 300;
    private static final int OVER_RATE = 20;
    /** How much later than its deadline a connection may be seen closed on a loaded machine. */
    private static final long MARGIN_MS = 3_000;
    /** How much earlier than its deadline, as this side measures it, a connection may be seen closed. */
    private static final long EARLY_MS = 500;
    /** Closed "at once": well before any deadline. */
    private static final long AT_ONCE_MS = 1_500;
    private static final long BYTE_EVERY_MS = 2_000;
    /** The HTTPS door's smaller flood: caps, connections that never finish a handshake, slow ones. */
    private static final int TLS_TOTAL = 150;
    private static final int TLS_PER_ADDRESS = 60;
    private static final int TLS_OVER_ADDRESS_CAP = 20;
    private static final int TLS_FLOOD = 120;
    private static final int TLS_SLOW = 20;
    private static final int TLS_SILENT = 5;
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "door-agency-token";
    private static final String OPERATOR_TOKEN = "door-operator-token";

    @Test
    void floodsAndSlowClientsAreHeldAtTheDoorWhileAPartnerKeepsBeingServed(@TempDir Path dir) throws Exception {
        assumeTrue(RawHttp.bindsLoopback("127.0.0.2"), "needs the whole of 127.0.0.0/8 on the loopback interface (Linux)");
        long fds = openFileLimit();
        assumeTrue(fds >= 4_096, "needs at least 4096 file descriptors, has " + fds);
        int total = (int) Math.min(1_500, fds / 4);
        int idle = (int) Math.min(IDLE, fds - 2L * (total + PER_ADDRESS + SLOW) - 2_048);
        System.out.printf("[HttpDoorIT] %d descriptors: total cap %d, %d per address, %d idle, %d slow%n", fds, total,
                PER_ADDRESS, idle, SLOW);

        try (Hub hub = Hub.start(config(dir, total), Clock.systemUTC())) {
            int port = hub.httpPort();
            MeterRegistry meters = hub.metrics().registry();
            var agency = new AgencySystem(port, AGENCY_TOKEN, AgencyAndClinic.keyOf(AGENCY), Clock.systemUTC());
            var publisher = new Publisher(i -> agency.publish(DemoMessages.referral(AGENCY, "F-" + i, "R-" + i, CLINIC)));
            publisher.start();
            await(() -> publisher.answered() >= 3, Duration.ofSeconds(30), "the agency's first publications");

            long started = System.nanoTime();
            rateLimitedBeforeAuthentication(port);

            try (var door = new Door(port, meters)) {
                long phase = System.nanoTime();
                List<Client> perAddress = door.open("127.0.0.20", PER_ADDRESS + OVER_ADDRESS_CAP, Kind.IDLE);
                List<Client> slow = new ArrayList<>();
                for (int i = 0; i < SLOW / 2; i++) {
                    slow.add(door.open("127.0.0." + (30 + i % 2), 1, Kind.SLOW_HEADERS).get(0));
                    slow.add(door.open("127.0.0." + (32 + i % 2), 1, Kind.SLOW_BODY).get(0));
                }
                List<Client> flood = new ArrayList<>();
                int addresses = 10;
                for (int a = 0; a < addresses; a++) {
                    flood.addAll(door.open("127.0.0." + (2 + a), idle / addresses, Kind.IDLE));
                }
                System.out.printf("[HttpDoorIT] opened %d connections in %d ms%n", door.clients.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - phase));
                door.watch(Duration.ofMillis(Math.max(HEADER_MS, BODY_MS) + 2 * BYTE_EVERY_MS + MARGIN_MS));
                double maxOpen = door.maxOpen;

                assertTrue(door.clients.stream().allMatch(Client::closed),
                        "the server closed every flood connection: " + door.clients.stream().filter(c -> !c.closed()).count()
                                + " still open");
                assertTrue(maxOpen <= total, "never more than the cap open together: " + maxOpen);

                List<Client> refusedByAddress = atOnce(perAddress);
                assertEquals(OVER_ADDRESS_CAP, refusedByAddress.size(), "one address holds its cap, no more");
                assertEquals(OVER_ADDRESS_CAP, counter(meters, "kith.http.connections.refused", "cap", "address"));
                closedAtDeadline(perAddress.stream().filter(c -> !refusedByAddress.contains(c)).toList(), HEADER_MS);

                assertEquals(List.of(), atOnce(slow), "no slow client was over a cap");
                closedAtDeadline(slow.stream().filter(c -> c.kind == Kind.SLOW_HEADERS).toList(), HEADER_MS);
                closedAtDeadline(slow.stream().filter(c -> c.kind == Kind.SLOW_BODY).toList(), BODY_MS);
                assertEquals(SLOW / 2, counter(meters, "kith.http.deadline.closed", "phase", "body"));

                List<Client> refusedByTotal = refusedOverTheTotalCap(flood, meters);
                List<Client> acceptedFlood = flood.stream().filter(c -> !refusedByTotal.contains(c)).toList();
                System.out.printf("[HttpDoorIT] flood of %d: %d refused over the total cap, %d closed at the header"
                                + " deadline; %d over one address's cap; %d slow closed at their deadlines; peak %d open%n",
                        flood.size(), refusedByTotal.size(), acceptedFlood.size(), refusedByAddress.size(), slow.size(),
                        (long) maxOpen);
                System.out.printf("[HttpDoorIT] time to close after the deadline (ms): headers %s, bodies %s, idle %s%n",
                        lateness(slow, Kind.SLOW_HEADERS, HEADER_MS), lateness(slow, Kind.SLOW_BODY, BODY_MS),
                        lateness(acceptedFlood, Kind.IDLE, HEADER_MS));
            }
            publisher.stop();
            assertEquals(List.of(), publisher.failures(), "every publication during the flood was answered 202");
            System.out.printf("[HttpDoorIT] the agency had %d publications answered 202 during %d s, the slowest in %d ms%n",
                    publisher.answered(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), publisher.slowestMs());

            try (Admin admin = KafkaProbe.admin(hub.bootstrapServers())) {
                assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size(), "the broker serves");
            }
            HttpResponse<String> health = new AdminHttp(port).get("/v1/admin/health", OPERATOR_TOKEN);
            assertEquals(200, health.statusCode(), health.body());
            assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, "F-after", "R-after", CLINIC)).statusCode(),
                    "a new connection after the flood is served");
            assertTrue(hub.fatal().toCompletableFuture().getNow(null) == null, "the broker never failed");
        }
    }

    /**
     * The same door over HTTPS ({@code kith.http.tls=true}), smaller: connections that never start
     * their TLS handshake, and slow ones sending their ClientHello one byte every two seconds, are
     * closed at the header deadline (the handshake counts against it), as are ones that finish their
     * handshake and send nothing; the caps hold before any handshake; a refusal answered before the
     * body is read reaches a TLS client whole; and an agency publishing over TLS throughout is
     * answered 202.
     */
    @Test
    void overHttpsUnfinishedHandshakesAreHeldAtTheDoorWhileAPartnerKeepsBeingServed(@TempDir Path dir) throws Exception {
        assumeTrue(RawHttp.bindsLoopback("127.0.0.60"), "needs the whole of 127.0.0.0/8 on the loopback interface (Linux)");
        char[] passphrase = AgencyAndClinic.PASSPHRASE.toCharArray();
        KeyDirectory keys = KeyDirectory.in(dir.resolve("data"));
        keys.init(passphrase, Clock.systemUTC(), new SecureRandom()); // as './kith keys init' before the first start
        SSLContext trusting = HubTls.trusting(keys.authority(passphrase, Clock.systemUTC(), new SecureRandom()).certificate());

        try (Hub hub = Hub.start(config(dir, TLS_TOTAL, TLS_PER_ADDRESS, true), Clock.systemUTC())) {
            int port = hub.httpPort();
            MeterRegistry meters = hub.metrics().registry();
            var signer = new AgencySystem(port, AGENCY_TOKEN, AgencyAndClinic.keyOf(AGENCY), Clock.systemUTC());
            HttpClient https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
            var publisher = new Publisher(i -> publishOverTls(https, signer, port,
                    DemoMessages.referral(AGENCY, "F-" + i, "R-" + i, CLINIC)));
            publisher.start();
            await(() -> publisher.answered() >= 3, Duration.ofSeconds(30), "the agency's first publications over TLS");
            refusedBeforeTheBodyOverTls(port, trusting, https);

            try (var door = new Door(port, meters)) {
                List<Client> handshakes = new ArrayList<>();
                for (int i = 0; i < TLS_SLOW; i++) {
                    handshakes.add(door.open("127.0.0." + (60 + i % 2), 1, Kind.SLOW_HANDSHAKE).get(0));
                }
                List<Silent> silent = new ArrayList<>();
                for (int i = 0; i < TLS_SILENT; i++) {
                    silent.add(Silent.open(trusting, "127.0.0.62", port));
                }
                List<Client> perAddress = door.open("127.0.0.63", TLS_PER_ADDRESS + TLS_OVER_ADDRESS_CAP, Kind.IDLE);
                List<Client> flood = new ArrayList<>();
                for (int a = 0; a < 3; a++) {
                    flood.addAll(door.open("127.0.0." + (64 + a), TLS_FLOOD / 3, Kind.IDLE));
                }
                door.watch(Duration.ofMillis(HEADER_MS + 2 * BYTE_EVERY_MS + MARGIN_MS));

                assertTrue(door.clients.stream().allMatch(Client::closed), "the server closed every connection: "
                        + door.clients.stream().filter(c -> !c.closed()).count() + " still open");
                assertTrue(door.maxOpen <= TLS_TOTAL, "never more than the cap open together: " + door.maxOpen);
                List<Client> refusedByAddress = atOnce(perAddress);
                assertEquals(TLS_OVER_ADDRESS_CAP, refusedByAddress.size(), "one address holds its cap, no more");
                assertEquals(TLS_OVER_ADDRESS_CAP, counter(meters, "kith.http.connections.refused", "cap", "address"));
                closedAtDeadline(perAddress.stream().filter(c -> !refusedByAddress.contains(c)).toList(), HEADER_MS);
                assertEquals(List.of(), atOnce(handshakes), "no slow handshake was over a cap");
                closedAtDeadline(handshakes, HEADER_MS);
                List<Client> refusedByTotal = refusedOverTheTotalCap(flood, meters);
                List<Client> acceptedFlood = flood.stream().filter(c -> !refusedByTotal.contains(c)).toList();
                for (Silent connection : silent) {
                    long after = connection.closedAfterMs(Duration.ofMillis(HEADER_MS + MARGIN_MS));
                    assertTrue(after >= HEADER_MS - EARLY_MS && after <= HEADER_MS + MARGIN_MS,
                            "a handshake without a request closed " + after + " ms after its opening; deadline " + HEADER_MS);
                }
                System.out.printf("[HttpDoorIT] over TLS: %d slow handshakes and %d silent after theirs closed at the"
                                + " header deadline (%s); %d of %d over one address's cap and %d of %d over the total cap"
                                + " refused at once; peak %d open%n", handshakes.size(), silent.size(),
                        lateness(handshakes, Kind.SLOW_HANDSHAKE, HEADER_MS), refusedByAddress.size(), perAddress.size(),
                        refusedByTotal.size(), flood.size(), (long) door.maxOpen);
            }
            publisher.stop();
            assertEquals(List.of(), publisher.failures(), "every publication over TLS during the flood was answered 202");
            assertEquals(202, publishOverTls(https, signer, port, DemoMessages.referral(AGENCY, "F-after", "R-after", CLINIC))
                    .statusCode(), "a new connection after the flood is served");
            try (Admin admin = KafkaProbe.admin(hub.bootstrapServers())) {
                assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size(), "the broker serves");
            }
            assertTrue(hub.fatal().toCompletableFuture().getNow(null) == null, "the broker never failed");
        }
    }

    /**
     * Over TLS, a request line over the codec's limit is answered 414 with its problem, whether the
     * client sends its body after reading the answer (a raw TLS socket) or while the answer comes
     * back (the JDK's client); after the answer, the hub's TLS close and the end of the connection.
     */
    private static void refusedBeforeTheBodyOverTls(int port, SSLContext trusting, HttpClient https) throws Exception {
        String path = "/v1/admin/agreements/" + "x".repeat(5_000);
        try (var socket = (SSLSocket) trusting.getSocketFactory().createSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.59"), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.ascii("PUT " + path + " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2048\r\n\r\n"));
            out.flush();
            RawHttp.assertProblem(RawHttp.readAnswer(socket.getInputStream()), 414, "uri-too-long");
            out.write(new byte[2_048]); // the body, after the answer: read and dropped, not reset
            out.flush();
            assertEquals(-1, socket.getInputStream().read(), "the hub's TLS close after its answer");
        }
        HttpResponse<String> jdk = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2_048])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(414, jdk.statusCode(), jdk.body());
        assertTrue(jdk.body().contains("\"reason\":\"uri-too-long\""), jdk.body());
    }

    private static HttpResponse<String> publishOverTls(HttpClient https, AgencySystem signer, int port, String event) {
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + RestIngressRoutes.PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", CloudEventCodec.STRUCTURED_JSON)
                .header("Authorization", "Bearer " + AGENCY_TOKEN)
                .header(KithHeaders.HTTP_SIGNATURE, signer.signature(CloudEventCodec.STRUCTURED_JSON, Map.of(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return https.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A TLS connection whose handshake is done and which sends nothing: when the server closed it. */
    private record Silent(SSLSocket socket, long opened, CompletableFuture<Long> closed) {

        static Silent open(SSLContext trusting, String from, int port) throws IOException {
            var socket = (SSLSocket) trusting.getSocketFactory().createSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            long opened = System.nanoTime();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout((int) (HEADER_MS + 2 * MARGIN_MS));
            socket.startHandshake();
            var closed = CompletableFuture.supplyAsync(() -> {
                try (socket) {
                    socket.getInputStream().read();
                } catch (IOException closedOrReset) {
                    // either way the server ended it
                }
                return System.nanoTime();
            });
            return new Silent(socket, opened, closed);
        }

        long closedAfterMs(Duration within) throws Exception {
            return TimeUnit.NANOSECONDS.toMillis(closed.get(within.toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS) - opened);
        }
    }

    /** One address's requests past its budget: 429 problems with Retry-After, each connection then closed. */
    private static void rateLimitedBeforeAuthentication(int port) throws IOException {
        int passed = 0;
        int refused = 0;
        for (int i = 0; i < RATE + OVER_RATE; i++) {
            try (Socket socket = RawHttp.connect("127.0.0.50", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /v1/admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = RawHttp.readAnswer(socket.getInputStream());
                if (answer.startsWith("HTTP/1.1 401")) {
                    passed++;
                } else {
                    assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
                    assertTrue(answer.contains("\r\ncontent-type: " + Problem.MEDIA_TYPE) || answer.contains(
                            "\r\nContent-Type: " + Problem.MEDIA_TYPE), answer);
                    long retryAfter = Long.parseLong(RawHttp.header(answer, "retry-after"));
                    assertTrue(retryAfter >= 1 && retryAfter <= 60, answer);
                    JsonNode problem = RawHttp.json(answer);
                    assertEquals("rate-limited", problem.path("reason").asText());
                    assertEquals(-1, socket.getInputStream().read(), "the connection is closed after the refusal");
                    refused++;
                }
            }
        }
        assertEquals(RATE, passed, "the address's budget, then refusals");
        assertEquals(OVER_RATE, refused);
    }

    /**
     * A flood's connections refused at once over the total cap, each counted; there were some, and
     * all the others were closed at the header deadline.
     */
    private static List<Client> refusedOverTheTotalCap(List<Client> flood, MeterRegistry meters) {
        List<Client> refused = atOnce(flood);
        List<Client> accepted = flood.stream().filter(c -> !refused.contains(c)).toList();
        assertTrue(refused.size() > 0 && accepted.size() > 0,
                "the flood had room until the cap, then none: " + accepted.size() + " accepted");
        assertEquals(refused.size(), counter(meters, "kith.http.connections.refused", "cap", "total"));
        closedAtDeadline(accepted, HEADER_MS);
        return refused;
    }

    private static List<Client> atOnce(List<Client> clients) {
        return clients.stream().filter(c -> c.closedAfterMs() < AT_ONCE_MS).toList();
    }

    /** Each was closed by the server at its deadline: not before, and not much after. */
    private static void closedAtDeadline(List<Client> clients, long deadlineMs) {
        assertTrue(!clients.isEmpty(), "clients to check");
        for (Client client : clients) {
            long after = client.closedAfterMs();
            // the server's clock may start a little before this thread sees its connect return
            assertTrue(after >= deadlineMs - EARLY_MS && after <= deadlineMs + MARGIN_MS,
                    client.kind + " connection closed " + after + " ms after its clock started; deadline " + deadlineMs + " ms");
        }
    }

    private static String lateness(List<Client> clients, Kind kind, long deadlineMs) {
        var late = clients.stream().filter(c -> c.kind == kind).mapToLong(c -> c.closedAfterMs() - deadlineMs)
                .summaryStatistics();
        return "min " + late.getMin() + " max " + late.getMax() + " (n=" + late.getCount() + ")";
    }

    private static double counter(MeterRegistry meters, String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double gauge(MeterRegistry meters) {
        return meters.get("kith.http.connections.open").gauge().value();
    }

    private static long openFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 0;
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration within, String what)
            throws InterruptedException {
        org.awaitility.Awaitility.await(what).atMost(within).until(condition::getAsBoolean);
    }

    private static HubConfig config(Path dir, int total) throws IOException {
        return config(dir, total, PER_ADDRESS, false);
    }

    private static HubConfig config(Path dir, int total, int perAddress, boolean tls) throws IOException {
        Path partners = dir.resolve("partners.json");
        Files.writeString(partners, """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s},
                  {"id": "%s", "kind": "mental-health"}
                ]}""".formatted(AGENCY, PartnerRegistry.sha256(AGENCY_TOKEN),
                AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(AGENCY)), CLINIC));
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(OPERATOR_TOKEN)));
        return HubConfig.from(Map.ofEntries(
                Map.entry(HubOption.DATA_DIR.key(), dir.resolve("data").toString()),
                Map.entry(HubOption.KAFKA_PORT.key(), "0"),
                Map.entry(HubOption.TOPIC_PARTITIONS.key(), "1"),
                Map.entry(HubOption.PARTNERS_FILE.key(), partners.toString()),
                Map.entry(HubOption.USERS_FILE.key(), users.toString()),
                Map.entry(HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE),
                Map.entry(HubOption.HTTP_PORT.key(), "0"),
                Map.entry(HubOption.HTTP_MAX_CONNECTIONS.key(), Integer.toString(total)),
                Map.entry(HubOption.HTTP_MAX_CONNECTIONS_PER_ADDRESS.key(), Integer.toString(perAddress)),
                Map.entry(HubOption.HTTP_TLS.key(), Boolean.toString(tls)),
                Map.entry(HubOption.HTTP_HEADER_TIMEOUT_MS.key(), Integer.toString(HEADER_MS)),
                Map.entry(HubOption.HTTP_BODY_TIMEOUT_MS.key(), Integer.toString(BODY_MS)),
                Map.entry(HubOption.HTTP_IDLE_TIMEOUT_MS.key(), Integer.toString(IDLE_MS)),
                Map.entry(HubOption.HTTP_ADDRESS_RATE_LIMIT.key(), Integer.toString(RATE)),
                Map.entry(HubOption.HTTP_ADDRESS_RATE_PERIOD_MS.key(), "60000")), Map.of(), Map.of());
    }

    private enum Kind { IDLE, SLOW_HEADERS, SLOW_BODY, SLOW_HANDSHAKE }

    /**
     * One connection of the flood: when its deadline's clock started (connected, or its headers
     * sent) and when the server closed it.
     */
    private static final class Client {
        final Kind kind;
        final SocketChannel channel;
        final long clockStarted;
        long closedAt = -1;
        int sent;

        Client(Kind kind, SocketChannel channel, long clockStarted) {
            this.kind = kind;
            this.channel = channel;
            this.clockStarted = clockStarted;
        }

        boolean closed() {
            return closedAt >= 0;
        }

        long closedAfterMs() {
            return closed() ? TimeUnit.NANOSECONDS.toMillis(closedAt - clockStarted) : Long.MAX_VALUE;
        }
    }

    /** The flood's sockets, watched on one thread: what the server closes, and the slow clients' bytes. */
    private static final class Door implements AutoCloseable {
        private static final byte[] HEADERS = ("POST " + org.kith.connectors.rest.RestIngressRoutes.PATH
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\n"
                + "X-Padding: slow-headers-never-end\r\n").getBytes(StandardCharsets.US_ASCII);
        private static final byte[] BODY_HEADERS = ("POST " + org.kith.connectors.rest.RestIngressRoutes.PATH
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\n"
                + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        /** The start of a TLS ClientHello: a handshake record of 512 bytes, its first bytes, never whole. */
        private static final byte[] HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03,
                0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a};

        private final InetSocketAddress hub;
        private final Selector selector;
        private final MeterRegistry meters;
        private final ByteBuffer sink = ByteBuffer.allocate(4096);
        final List<Client> clients = new ArrayList<>();
        /** The most connections the server said it held, sampled as the flood goes. */
        double maxOpen;

        Door(int port, MeterRegistry meters) throws IOException {
            this.hub = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            this.selector = Selector.open();
            this.meters = meters;
        }

        List<Client> open(String from, int count, Kind kind) throws IOException {
            List<Client> opened = new ArrayList<>();
            InetAddress local = InetAddress.getByName(from);
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.bind(new InetSocketAddress(local, 0));
                channel.connect(hub);
                long connected = System.nanoTime();
                long clock = connected;
                if (kind == Kind.SLOW_HEADERS || kind == Kind.SLOW_HANDSHAKE) {
                    channel.write(ByteBuffer.wrap(next(kind, 0)));
                } else if (kind == Kind.SLOW_BODY) {
                    channel.write(ByteBuffer.wrap(BODY_HEADERS));
                    clock = System.nanoTime();
                }
                channel.configureBlocking(false);
                Client client = new Client(kind, channel, clock);
                client.sent = kind == Kind.SLOW_HEADERS || kind == Kind.SLOW_HANDSHAKE ? 1 : 0;
                channel.register(selector, SelectionKey.OP_READ, client);
                opened.add(client);
                clients.add(client);
                // what the server closes at once is seen at once, not after the whole flood is opened
                pump(0);
            }
            return opened;
        }

        /** Notes every connection the server has closed (waiting at most {@code millis} for one), and the gauge. */
        private void pump(long millis) throws IOException {
            if (millis == 0) {
                selector.selectNow();
            } else {
                selector.select(millis);
            }
            long now = System.nanoTime();
            for (var keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                SelectionKey key = keys.next();
                keys.remove();
                Client client = (Client) key.attachment();
                int read;
                try {
                    sink.clear();
                    read = client.channel.read(sink);
                } catch (IOException reset) {
                    read = -1;
                }
                if (read < 0) {
                    client.closedAt = now;
                    key.cancel();
                    client.channel.close();
                }
            }
            maxOpen = Math.max(maxOpen, gauge(meters));
        }

        /**
         * Watches until every connection is closed or {@code atMost} passed, sending each slow client
         * its next byte every two seconds.
         */
        void watch(Duration atMost) throws IOException {
            long end = System.nanoTime() + atMost.toNanos();
            long nextBytes = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BYTE_EVERY_MS);
            while (System.nanoTime() < end && clients.stream().anyMatch(c -> !c.closed())) {
                pump(50);
                long now = System.nanoTime();
                if (now >= nextBytes) {
                    nextBytes = now + TimeUnit.MILLISECONDS.toNanos(BYTE_EVERY_MS);
                    for (Client client : clients) {
                        if (!client.closed() && client.kind != Kind.IDLE) {
                            try {
                                client.channel.write(ByteBuffer.wrap(next(client.kind, client.sent++)));
                            } catch (IOException closedMeanwhile) {
                                // the read side sees it closed
                            }
                        }
                    }
                }
            }
        }

        /** A slow client's {@code n}th byte. */
        private static byte[] next(Kind kind, int n) {
            return new byte[] {switch (kind) {
                case SLOW_HEADERS -> HEADERS[n % HEADERS.length];
                case SLOW_HANDSHAKE -> HELLO[n % HELLO.length];
                default -> (byte) 'x';
            }};
        }

        @Override
        public void close() throws IOException {
            for (Client client : clients) {
                client.channel.close();
            }
            selector.close();
        }
    }

    /** The agency, publishing one signed referral every 100 ms on its own connection until stopped. */
    private static final class Publisher {
        private final IntFunction<HttpResponse<String>> publish;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private volatile int answered;
        private volatile long slowestNanos;
        private Thread thread;

        /** @param publish publishes the agency's referral of family {@code F-i} */
        Publisher(IntFunction<HttpResponse<String>> publish) {
            this.publish = publish;
        }

        void start() {
            thread = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = publish.apply(i);
                        if (response.statusCode() == 202) {
                            answered++;
                        } else {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                    slowestNanos = Math.max(slowestNanos, System.nanoTime() - sent);
                    i++;
                    try {
                        Thread.sleep(100); // the agency's own pace, not a synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "door-agency");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }

        int answered() {
            return answered;
        }

        List<String> failures() {
            return failures;
        }

        long slowestMs() {
            return TimeUnit.NANOSECONDS.toMillis(slowestNanos);
        }
    }
}
