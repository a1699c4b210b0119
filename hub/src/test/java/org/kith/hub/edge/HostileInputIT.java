package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;

/**
 * Hostile documents at every edge of a running hub that reads what partners and users send: the
 * REST ingress in both modes, the capacity report, the referral lookup, the administration API's
 * writes and the Kafka ingress. A number no double holds, NaN, deep nesting, huge strings and
 * exponents, dates that are not dates, wherever a string, a code, a date or an object is expected:
 * each is a client error (4xx, problem JSON), never a 5xx that tells a compliant client to retry
 * for ever, and on Kafka never a record that stops its partition.
 */
class HostileInputIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";

    /** JSON texts (some of them not JSON at all) that no field of the hub's contracts should make it fail on. */
    private static final List<String> HOSTILE = List.of(
            "1e999999", "-1e999999", "1e-999999", "1e9999999999", "1E400", "1.7976931348623157e309",
            "9".repeat(999), "-" + "9".repeat(999), "9".repeat(1200), "0.000000000000000000000000000001e-400",
            "NaN", "Infinity", "-Infinity", "0x10", "01", "-", "1.", ".5", "1e", "-0", "1.0", "2147483648",
            "9223372036854775808", "true", "null", "[]", "{}", "[" .repeat(100) + "]".repeat(100),
            "{\"a\":".repeat(40) + "1" + "}".repeat(40), "\"" + "x".repeat(70_000) + "\"", "\"\\u0000\"",
            "\"\\ud800\"", "\"2026-12-31T23:59:60Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"9999-99-99\"",
            "\"2026-02-30\"", "\"P99999999999999999999D\"", "\"" + "9".repeat(400) + "\"", "\"../../etc/passwd\"",
            "\"%00\"", "\"a,b,,c\"", "\"" + "a,".repeat(2000) + "\"", "[1e999999]", "{\"x\":1e999999}");

    /** A few of each kind, for the operations whose documents have many members (each a request per value). */
    private static final List<String> SAMPLE = List.of("1e999999", "1E400", "9".repeat(999), "NaN", "-0", "1.0", "true",
            "null", "[]", "{}", "[".repeat(100) + "]".repeat(100), "\"" + "x".repeat(70_000) + "\"", "\"\\ud800\"",
            "\"2026-12-31T23:59:60Z\"", "\"9999-99-99\"", "[1e999999]", "{\"x\":1e999999}");

    @TempDir
    static Path dir;
    private static DoorHub door;

    @BeforeAll
    static void start() throws IOException {
        door = DoorHub.start(dir, "hostileInput");
    }

    @AfterAll
    static void stop() {
        if (door != null) {
            door.close();
        }
    }

    @Test
    void aNumberNoDoubleHoldsWhereACodeIsExpectedIsAValidationErrorWithItsPointer() {
        var response = door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(),
                bytes(referral().replace("\"urgency\": \"routine\"", "\"urgency\": 1e999999")), true);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode problem = DoorHub.json(response);
        assertEquals("urn:kith:problem:invalid-message", problem.path("type").asText(), response.body());
        assertEquals("/data/urgency", problem.at("/violations/0/pointer").asText(), response.body());
    }

    @Test
    void noHostileDocumentIsAServerErrorAtTheIngress() {
        List<String> failures = new ArrayList<>();
        String referral = referral();
        for (String field : stringMembers(referral)) {
            for (String hostile : HOSTILE) {
                check(failures, "ingress " + field + "=" + abbreviated(hostile), door.submit(CloudEventCodec.STRUCTURED_JSON,
                        Map.of(), bytes(replaceMember(referral, field, hostile)), true));
            }
        }
        for (String hostile : HOSTILE) {
            check(failures, "ingress data=" + abbreviated(hostile), door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(),
                    bytes(referral.replaceFirst("\"data\": \\{", "\"data\": " + Matcher.quoteReplacement(hostile)
                            + ", \"ignored\": {")), true));
            check(failures, "ingress document=" + abbreviated(hostile),
                    door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(), bytes(hostile), true));
            check(failures, "ingress binary body=" + abbreviated(hostile),
                    door.submit(CloudEventCodec.JSON, binaryHeaders(), bytes(hostile), true));
        }
        for (String header : binaryHeaders().keySet()) {
            for (String hostile : List.of("1e999999", "NaN", "\u00ff\u00fe", "%FF%FE", " ", "a".repeat(8000), "2026-12-31T23:59:60Z",
                    "+999999999-12-31T23:59:59Z", "1.0, 1.0")) {
                Map<String, String> headers = new LinkedHashMap<>(binaryHeaders());
                headers.put(header, hostile);
                check(failures, "ingress binary " + header + "=" + abbreviated(hostile),
                        door.submit(CloudEventCodec.JSON, headers, bytes(data()), true));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " server errors: " + failures);
    }

    @Test
    void noHostileDocumentIsAServerErrorAtThePartnersOtherOperationsOrTheAdministrationApi() {
        List<String> failures = new ArrayList<>();
        String capacity = """
                {"serviceType": "housing", "status": "accepting", "openings": 3, "estimatedWaitDays": 2,
                 "areas": ["north-county"], "asOf": "2026-11-20T08:00:00Z"}""";
        String agreement = """
                {"parties": ["county-cw", "riverside-clinic"], "purposes": ["referral"], "messageTypes": ["referral"],
                 "categories": ["identity"], "effective": "2026-01-01", "expires": "2027-12-31",
                 "referralSla": {"receipt": "PT48H", "answer": "P5D"}}""";
        String rule = """
                {"messageTypes": ["referral"], "senderKinds": ["child-welfare"], "senders": ["county-cw"],
                 "where": [{"pointer": "/serviceType", "equals": "housing"}], "to": ["riverside-clinic"], "choose": "all"}""";
        String statute = """
                {"citation": "20 U.S.C. 1232g(b)(1)(L)", "senderKinds": ["school"], "recipientKinds": ["child-welfare"],
                 "categories": ["education"], "purposes": ["education-stability"], "messageTypes": ["education-record"]}""";
        String partner = """
                {"kind": "housing", "name": "Hostile Housing", "contact": "ops@example.org",
                 "webhook": "http://127.0.0.1:9/kith", "tokenSha256": "%s"}""".formatted("a".repeat(64));
        String directive = ClinicHub.json(DemoMessages.consent(AGENCY, "F-HOSTILE", "D-HOSTILE", CLINIC)).get("data").toString();
        String fhir = """
                {"resourceType": "Consent", "status": "active", "scope": {"coding": [{"system":
                 "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
                 "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
                 "dateTime": "2026-11-20", "provision": {"type": "permit", "period": {"start": "2026-11-20", "end": "2027-11-20"}}}""";
        record Target(String method, String path, String token, String contentType, String document) {
        }
        List<Target> targets = List.of(
                new Target("PUT", "/v1/capacity", DoorHub.AGENCY_TOKEN, "application/json", capacity),
                new Target("PUT", "/v1/admin/agreements/A-HOSTILE", DoorHub.ADMIN_TOKEN, "application/json", agreement),
                new Target("PUT", "/v1/admin/routing-rules/R-HOSTILE", DoorHub.ADMIN_TOKEN, "application/json", rule),
                new Target("PUT", "/v1/admin/statute-rules/S-HOSTILE", DoorHub.ADMIN_TOKEN, "application/json", statute),
                new Target("PUT", "/v1/admin/partners/hostile-housing", DoorHub.ADMIN_TOKEN, "application/json", partner),
                new Target("POST", "/v1/admin/families/F-HOSTILE/directives?agency=county-cw", DoorHub.OFFICER_TOKEN,
                        "application/json", directive),
                new Target("POST", "/v1/admin/families/F-HOSTILE/directives?agency=county-cw", DoorHub.OFFICER_TOKEN,
                        "application/fhir+json", fhir),
                new Target("POST", "/v1/admin/dry-run", DoorHub.ADMIN_TOKEN, "application/cloudevents+json", referral()));
        for (Target target : targets) {
            List<String> fields = stringMembers(target.document());
            fields.addAll(otherMembers(target.document()));
            for (String field : fields) {
                for (String hostile : SAMPLE) {
                    check(failures, target.method() + " " + target.path() + " " + field + "=" + abbreviated(hostile),
                            door.call(target.method(), target.path(), target.token(), target.contentType(),
                                    bytes(replaceMember(target.document(), field, hostile))));
                }
            }
            for (String hostile : HOSTILE) {
                check(failures, target.method() + " " + target.path() + " document=" + abbreviated(hostile),
                        door.call(target.method(), target.path(), target.token(), target.contentType(), bytes(hostile)));
            }
        }
        for (String segment : List.of("%FF", "%00", "..", "%2e%2e", "a%2Fb", "%C0%AF", "x".repeat(5000), "%E2%80%AE", "F-1%0A")) {
            check(failures, "lookup " + segment, door.call("GET", "/v1/referrals/" + segment + "/R-1", DoorHub.AGENCY_TOKEN,
                    null, null));
            check(failures, "lookup referral " + segment, door.call("GET", "/v1/referrals/F-1/" + segment,
                    DoorHub.AGENCY_TOKEN, null, null));
            check(failures, "admin family " + segment, door.call("GET", "/v1/admin/families/" + segment + "/directives",
                    DoorHub.OFFICER_TOKEN, null, null));
            check(failures, "admin agreement " + segment, door.call("PUT", "/v1/admin/agreements/" + segment,
                    DoorHub.ADMIN_TOKEN, "application/json", bytes(agreement)));
        }
        for (String query : List.of("from=1e999999", "from=2026-13", "to=%FF", "format=%00", "release=NaN&from=0000-00")) {
            check(failures, "measures " + query, door.call("GET", "/v1/measures?" + query, DoorHub.AGENCY_TOKEN, null, null));
        }
        assertTrue(failures.isEmpty(), failures.size() + " server errors: " + failures);
    }

    @Test
    void aHostileRecordOnAPartnersTopicIsRefusedAndTheRecordsAfterItAreRead() throws Exception {
        String topic = door.hub().topics().inbound(AGENCY);
        String bootstrap = door.hub().bootstrapServers();
        try (var admin = KafkaProbe.admin(bootstrap)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                KafkaProbe.createTopic(admin, topic);
            }
        }
        String goodFamily = "F-AFTER-HOSTILE";
        String good = DemoMessages.referral(AGENCY, goodFamily, "R-AFTER", CLINIC);
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (String hostile : List.of("1e999999", "NaN", "\"\\ud800\"", "[" .repeat(100) + "]".repeat(100))) {
                send(producer, topic, bytes(referral().replace("\"urgency\": \"routine\"", "\"urgency\": " + hostile)));
            }
            send(producer, topic, bytes(good));
        }
        await().atMost(DEADLINE).until(() -> KafkaProbe.headerValues(bootstrap, door.hub().topics().inbound(), "ce_familyid")
                .contains(goodFamily));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] event) throws Exception {
        var record = new ProducerRecord<byte[], byte[]>(topic, bytes("F-1"), event);
        record.headers().add(KithHeaders.SIGNATURE, DetachedJws.sign(AgencyAndClinic.AGENCY_KEY, Instant.now(),
                SigningInput.structured(event)).getBytes(StandardCharsets.US_ASCII));
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private static void check(List<String> failures, String what, HttpResponse<String> response) {
        if (response.statusCode() >= 500) {
            failures.add(what + " -> " + response.statusCode() + " " + abbreviated(response.body()));
        }
    }

    private static String referral() {
        return DemoMessages.referral(AGENCY, "F-HOSTILE", "R-HOSTILE", CLINIC);
    }

    private static String data() {
        return DoorHub.dataOf(referral());
    }

    private static Map<String, String> binaryHeaders() {
        return DoorHub.binaryHeaders(referral());
    }

    private static final Pattern STRING_MEMBER = Pattern.compile("\"([A-Za-z]+)\": ?\"[^\"]*\"");
    private static final Pattern OTHER_MEMBER = Pattern.compile("\"([A-Za-z]+)\": ?(\\[[^\\[\\]]*\\]|\\{[^{}]*\\}|-?[0-9][0-9.eE+-]*|true|false)");

    /** The names of the members with a string value, in document order (each name once). */
    private static List<String> stringMembers(String document) {
        return names(STRING_MEMBER, document);
    }

    /** The names of the members with a number, a boolean, or a flat array or object as value. */
    private static List<String> otherMembers(String document) {
        return names(OTHER_MEMBER, document);
    }

    private static List<String> names(Pattern pattern, String document) {
        List<String> names = new ArrayList<>();
        Matcher matcher = pattern.matcher(document);
        while (matcher.find()) {
            if (!names.contains(matcher.group(1))) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** The document with the first value of member {@code name} replaced by the JSON text {@code value}. */
    private static String replaceMember(String document, String name, String value) {
        for (Pattern pattern : List.of(STRING_MEMBER, OTHER_MEMBER)) {
            Matcher matcher = pattern.matcher(document);
            while (matcher.find()) {
                if (matcher.group(1).equals(name)) {
                    return document.substring(0, matcher.start()) + "\"" + name + "\": " + value
                            + document.substring(matcher.end());
                }
            }
        }
        throw new IllegalArgumentException("no member " + name);
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
