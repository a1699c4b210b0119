package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.Verifier;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * The bytes and the content types the REST ingress reads, on a running hub: UTF-8 exactly or a 400
 * with the reason; the two documented media types and nothing that merely begins like them, refused
 * before the signature is looked at or anything is recorded; the request's headers, never its query;
 * a body over the limit refused with the same problem as every refusal, before it is read; and what
 * the recipient receives carries the very strings the sender signed.
 */
class IngressBytesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";
    private static final String REASON = "Trauma-informed counseling for the child after a placement change";

    @TempDir
    static Path dir;
    private static DoorHub door;

    @BeforeAll
    static void start() throws IOException {
        door = DoorHub.start(dir, "ingressBytes");
    }

    @AfterAll
    static void stop() {
        if (door != null) {
            door.close();
        }
    }

    @Test
    void bytesThatAreNotCanonicalUtf8AreRefusedWithTheirReason() {
        Map<String, byte[]> notUtf8 = new LinkedHashMap<>();
        notUtf8.put("overlong '/' (C0 AF)", bytes(0xC0, 0xAF));
        notUtf8.put("overlong three-byte form (E0 80 AF)", bytes(0xE0, 0x80, 0xAF));
        notUtf8.put("a byte no UTF-8 has (FF)", bytes(0xFF));
        notUtf8.put("a truncated sequence (E2 82)", bytes(0xE2, 0x82));
        notUtf8.put("above U+10FFFF (F4 90 80 80)", bytes(0xF4, 0x90, 0x80, 0x80));
        notUtf8.forEach((what, bad) -> assertRefused(what, withReason(bad), "not-utf8"));

        assertRefused("a surrogate encoded in the bytes (ED A0 80)", withReason(bytes(0xED, 0xA0, 0x80)), "lone-surrogate");
        assertRefused("an escaped high surrogate alone", withReason(ascii("care \\ud800 plan")), "lone-surrogate");
        assertRefused("an escaped low surrogate alone", withReason(ascii("\\udc00")), "lone-surrogate");
        assertRefused("a pair in the wrong order", withReason(ascii("\\ude00\\ud83d")), "lone-surrogate");
        for (String name : List.of("x\\ud800", "\\udc00", "\\ude00\\ud83d")) {
            var response = door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(),
                    ascii(referral().replace("\"urgency\"", "\"" + name + "\": 1, \"urgency\"")), true);
            assertEquals(400, response.statusCode(), "a lone surrogate in a member name: " + response.body());
        }

        assertRefused("a UTF-8 byte-order mark", concat(bytes(0xEF, 0xBB, 0xBF), ascii(referral())), "bom");
        assertRefused("a UTF-16 byte-order mark", concat(bytes(0xFF, 0xFE), ascii(referral())), "bom");

        var latin1 = door.submit(CloudEventCodec.STRUCTURED_JSON + "; charset=iso-8859-1", Map.of(), ascii(referral()), true);
        assertEquals(400, latin1.statusCode(), latin1.body());
        assertEquals("charset", DoorHub.json(latin1).path("reason").asText(), latin1.body());

        Map<String, String> ce = binaryHeaders("F-BIN1");
        var binary = door.submit(CloudEventCodec.JSON, ce, concat(ascii(data("F-BIN1").substring(0, 40)),
                bytes(0xC0, 0xAF), ascii(data("F-BIN1").substring(40))), true);
        assertEquals(400, binary.statusCode(), binary.body());
        assertEquals("not-utf8", DoorHub.json(binary).path("reason").asText(), binary.body());
        assertEquals("/data", DoorHub.json(binary).at("/violations/0/pointer").asText(), binary.body());

        // the same bytes, canonical: a pair, escaped or not, is a character
        accepted(door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(),
                withReason("counseling \\ud83d\\ude00 \uD83D\uDE00 caf\u00e9".getBytes(StandardCharsets.UTF_8)), true));
    }

    @Test
    void onlyTheDocumentedContentTypesAreReadAndTheyAreCheckedBeforeTheSignature() {
        String inbound = door.hub().topics().inbound();
        String bootstrap = door.hub().bootstrapServers();
        int refusalsBefore = KafkaProbe.headerValues(bootstrap, inbound, KithHeaders.REFUSAL).size();
        for (String type : new String[] {"application/cloudevents+jsonx", "application/cloudevents+json-seq",
                "application/cloudevents+json2", "application/jsonx", "application/json-seq", "application/json-patch+json",
                "application/cloudevents", "text/plain", "application/cloudevents+json;", "application/cloudevents+json; x",
                "application/cloudevents+json; charset=utf-8; charset=utf-8", ""}) {
            var refused = door.submit(type, Map.of(), ascii(referral()), false);
            assertEquals(415, refused.statusCode(), type + ": " + refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""), type);
        }
        var none = door.submit(null, Map.of(), ascii(referral()), false);
        assertEquals(415, none.statusCode(), "no Content-Type: " + none.body());

        // an unsigned message of a type the hub reads is refused for its signature, and that refusal is recorded
        var unsigned = door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(), ascii(referral()), false);
        assertEquals(403, unsigned.statusCode(), unsigned.body());
        await().atMost(DEADLINE).until(() -> KafkaProbe.headerValues(bootstrap, inbound, KithHeaders.REFUSAL).size()
                >= refusalsBefore + 1);
        assertEquals(refusalsBefore + 1, KafkaProbe.headerValues(bootstrap, inbound, KithHeaders.REFUSAL).size(),
                "the 415s recorded nothing: only the unsigned message's refusal is on the inbound topic");

        for (String type : new String[] {"application/cloudevents+json; charset=utf-8", "Application/CloudEvents+JSON",
                "application/cloudevents+json;charset=\"UTF-8\"", "application/cloudevents+json ; version=1"}) {
            accepted(door.submit(type, Map.of(), ascii(referral()), true));
        }
        String family = "F-BIN2";
        accepted(door.submit("application/json; charset=UTF-8", binaryHeaders(family), ascii(data(family)), true));
    }

    @Test
    void queryParametersAreNeitherAttributesNorSigned() {
        String family = "F-QUERY";
        Map<String, String> ce = binaryHeaders(family);
        String eventId = ce.get("ce-id");
        // signed over its headers alone, as the binary mode defines; the query names other attributes
        accepted(door.submit("?ce-familyid=F-FORGED&ce-recipients=lincoln-elementary&ce-datacontenttype=text/plain",
                CloudEventCodec.JSON, ce, ascii(data(family)), true));
        String bootstrap = door.hub().bootstrapServers();
        String inbound = door.hub().topics().inbound();
        await().atMost(DEADLINE).until(() -> KafkaProbe.headerValues(bootstrap, inbound, "ce_partnereventid").contains(eventId));
        List<String> families = KafkaProbe.headerValues(bootstrap, inbound, "ce_familyid");
        assertTrue(families.contains(family), families.toString());
        assertFalse(families.contains("F-FORGED"), "a query parameter is no attribute: " + families);

        // nor a content type or a signature
        accepted(door.submit("?Content-Type=text/plain&Kith-Signature=forged", CloudEventCodec.STRUCTURED_JSON, Map.of(),
                ascii(referral()), true));
    }

    @Test
    void anOversizedBodyIsRefusedWithTheSameProblemAsEveryRefusalBeforeItIsRead() throws Exception {
        // Content-Length over the limit and no body sent: the answer comes without the hub waiting for it
        try (Socket socket = new Socket("127.0.0.1", door.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + RestIngressRoutes.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/cloudevents+json\r\nContent-Length: " + (3 * DoorHub.MAX_BYTES) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse response = RawResponse.read(socket.getInputStream());
            assertEquals(413, response.status(), response.toString());
            assertEquals(org.kith.connectors.Problem.MEDIA_TYPE, response.header("content-type"), response.toString());
            JsonNode problem = Json.mapper().readTree(response.body());
            assertEquals("urn:kith:problem:too-large", problem.path("type").asText(), response.toString());
            assertEquals(413, problem.path("status").asInt());
        }

        // chunked (no length given): refused once it passes the limit
        byte[] big = new byte[3 * DoorHub.MAX_BYTES];
        java.util.Arrays.fill(big, (byte) ' ');
        var chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + door.port() + RestIngressRoutes.PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", CloudEventCodec.STRUCTURED_JSON)
                .header("Authorization", "Bearer " + DoorHub.AGENCY_TOKEN)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(big))).build();
        HttpResponse<String> refused;
        try {
            refused = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the hub closed the connection without its answer", e);
        }
        assertEquals(413, refused.statusCode(), refused.body());
        assertEquals("urn:kith:problem:too-large", DoorHub.json(refused).path("type").asText(), refused.body());

        // just over the limit, with its length: the same answer
        byte[] over = new byte[DoorHub.MAX_BYTES + 1];
        java.util.Arrays.fill(over, (byte) ' ');
        var justOver = door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(), over, false);
        assertEquals(413, justOver.statusCode(), justOver.body());
        assertEquals("urn:kith:problem:too-large", DoorHub.json(justOver).path("type").asText(), justOver.body());
    }

    @Test
    void theRecipientReceivesTheStringsTheSenderSigned() throws Exception {
        ClinicHub running = door.clinicHub();
        String family = "F-VERBATIM";
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, family)));
        accepted(running.agency().publish(DemoMessages.consent(AGENCY, family, "D-VERBATIM", CLINIC)));
        // escapes, a pair escaped and raw, characters of every UTF-8 length, JSON's own escapes
        String sent = referral(family).replace(REASON,
                "Caf\\u00e9 \\u2013 caf\u00e9 \u2013 \\ud83d\\ude00 \uD83D\uDE00 \\\"quoted\\\" \\/ \\t tab \\\\ \u0800\uFFFD");
        String messageId = accepted(door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(),
                sent.getBytes(StandardCharsets.UTF_8), true));
        PartnerWebhookServer.Delivery delivery = await().atMost(DEADLINE).until(() -> running.clinic().deliveries().stream()
                .filter(d -> messageId.equals(d.idempotencyKey())).findFirst(), Optional::isPresent).get();

        JsonNode signedData = Json.mapper().readTree(sent).get("data");
        JsonNode delivered = Json.mapper().readTree(delivery.bytes());
        assertEquals(signedData, delivered.get("data"), "the data as signed: every member, every string");
        assertEquals("Caf\u00e9 \u2013 caf\u00e9 \u2013 \uD83D\uDE00 \uD83D\uDE00 \"quoted\" / \t tab \\ \u0800\uFFFD",
                delivered.at("/data/reason").textValue());
        Verifier hubKeys = Verifier.fromJwks(door.call("GET", JwksRoute.PATH, null, null, null).body());
        assertInstanceOf(JwsVerification.Valid.class, delivery.verify(hubKeys), "signed by the hub over the bytes it sent");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String referral() {
        return referral("F-BYTES");
    }

    private static String referral(String family) {
        return DemoMessages.referral(AGENCY, family, "R-" + family.substring(2), CLINIC);
    }

    private static String data(String family) {
        return DoorHub.dataOf(referral(family));
    }

    private static Map<String, String> binaryHeaders(String family) {
        return DoorHub.binaryHeaders(referral(family));
    }

    /** The referral with the bytes of its reason (between the quotes) replaced by {@code reason}. */
    private static byte[] withReason(byte[] reason) {
        String document = referral();
        int at = document.indexOf(REASON);
        return concat(ascii(document.substring(0, at)), reason, ascii(document.substring(at + REASON.length())));
    }

    private static void assertRefused(String what, byte[] body, String reason) {
        var response = door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(), body, true);
        assertEquals(400, response.statusCode(), what + ": " + response.body());
        JsonNode problem = DoorHub.json(response);
        assertEquals(reason, problem.path("reason").asText(), what + ": " + response.body());
        assertEquals("urn:kith:problem:" + reason, problem.path("type").asText(), what);
    }

    private static String accepted(HttpResponse<String> response) {
        return ClinicHub.accepted(response);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** An HTTP/1.1 response read off a socket: status, headers (lower-case names), a body of Content-Length bytes. */
    private record RawResponse(int status, Map<String, String> headers, byte[] body) {

        static RawResponse read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the response head: " + head);
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, in.readNBytes(length));
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }
    }
}
