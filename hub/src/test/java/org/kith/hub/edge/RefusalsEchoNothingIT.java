package org.kith.hub.edge;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.ClinicHub;
import org.kith.schemas.CloudEventCodec;

/**
 * A refusal never echoes what was submitted, as a property of a running hub: a random marker is put
 * where a name or a value of the request is (an undeclared member's name, a code, a date, an id, a
 * header, a path segment) at the REST ingress, the capacity report and the administration API; the
 * request is refused (4xx) and the marker appears nowhere in the answer, in any case.
 */
class RefusalsEchoNothingIT {

    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";
    private static Path dir;
    private static DoorHub door;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("kith-refusals-echo");
        door = DoorHub.start(dir, "refusalsEchoNothing");
    }

    @AfterContainer
    static void stop() throws IOException {
        if (door != null) {
            door.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Where a marker goes: one request built around it. */
    private record Placement(String name, Function<String, HttpResponse<String>> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Property(tries = 400)
    void noRefusalRepeatsTheMarker(@ForAll("markers") String marker, @ForAll("placements") Placement placement) {
        HttpResponse<String> response = placement.request().apply(marker);
        if (response.statusCode() < 400 || response.statusCode() >= 500) {
            throw new AssertionError(placement + " was not refused as a client error: " + response.statusCode() + " "
                    + response.body());
        }
        String answer = (response.body() + " " + response.headers().map()).toLowerCase(Locale.ROOT);
        if (answer.contains(marker.toLowerCase(Locale.ROOT))) {
            throw new AssertionError(placement + " echoed what was sent: " + response.body());
        }
    }

    @Provide
    Arbitrary<String> markers() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(10).ofMaxLength(24).map(s -> "zq" + s);
    }

    @Provide
    Arbitrary<Placement> placements() {
        return Arbitraries.of(List.of(
                ingress("an undeclared envelope member", m -> referral().replace("\"specversion\"", "\"" + m + "\": 1, \"specversion\"")),
                ingress("an undeclared data member", m -> referral().replace("\"urgency\"", "\"" + m + "\": \"x\", \"urgency\"")),
                ingress("an undeclared member of a person", m -> referral().replace("\"role\"", "\"" + m + "\": true, \"role\"")),
                ingress("an undeclared member holding the marker too",
                        m -> referral().replace("\"urgency\"", "\"" + m + "\": \"" + m + "\", \"urgency\"")),
                ingress("a service type", m -> referral().replace("\"mental-health\"", "\"" + m + "\"")),
                ingress("an urgency", m -> referral().replace("\"routine\"", "\"" + m + "\"")),
                ingress("a birth date", m -> referral().replace("\"2016-05-14\"", "\"" + m + "\"")),
                ingress("a family id", m -> referral().replace("\"familyid\": \"F-ECHO\"", "\"familyid\": \"" + m + " x\"")),
                ingress("a purpose", m -> referral().replace("\"purpose\": \"referral\"", "\"purpose\": \"" + m + "\"")),
                ingress("a time", m -> referral().replace("\"2026-11-20T14:05:00Z\"", "\"" + m + "\"")),
                ingress("a message type", m -> referral().replace("org.kith.referral.v1", "org.kith." + m + ".v1")),
                ingress("a data schema", m -> referral().replace("\"familyid\"", "\"dataschema\": \"https://example.org/" + m
                        + "\", \"familyid\"")),
                ingress("a source", m -> referral().replace("\"source\": \"county-cw\"", "\"source\": \"" + m + "\"")),
                new Placement("a binary-mode header", m -> {
                    Map<String, String> headers = binaryHeaders();
                    headers.put("ce-purpose", m);
                    return door.submit(CloudEventCodec.JSON, headers, bytes(data()), true);
                }),
                new Placement("a binary-mode header name", m -> {
                    Map<String, String> headers = binaryHeaders();
                    headers.put("ce-" + m, "x");
                    return door.submit(CloudEventCodec.JSON, headers, bytes(data()), true);
                }),
                new Placement("a capacity report's service type", m -> door.call("PUT", "/v1/capacity", DoorHub.AGENCY_TOKEN,
                        "application/json", bytes("{\"serviceType\": \"" + m + "\", \"status\": \"full\", \"asOf\": \"2026-11-20T08:00:00Z\"}"))),
                new Placement("a capacity report's undeclared member", m -> door.call("PUT", "/v1/capacity", DoorHub.AGENCY_TOKEN,
                        "application/json", bytes("{\"serviceType\": \"housing\", \"status\": \"full\", \"" + m
                                + "\": 1, \"asOf\": \"2026-11-20T08:00:00Z\"}"))),
                new Placement("an agreement's purpose", m -> door.call("PUT", "/v1/admin/agreements/A-ECHO", DoorHub.ADMIN_TOKEN,
                        "application/json", bytes(agreement().replace("\"referral\"", "\"" + m + "\"")))),
                new Placement("an agreement's date", m -> door.call("PUT", "/v1/admin/agreements/A-ECHO", DoorHub.ADMIN_TOKEN,
                        "application/json", bytes(agreement().replace("\"2026-01-01\"", "\"" + m + "\"")))),
                new Placement("an agreement's party", m -> door.call("PUT", "/v1/admin/agreements/A-ECHO", DoorHub.ADMIN_TOKEN,
                        "application/json", bytes(agreement().replace("\"riverside-clinic\"", "\"" + m + "\"")))),
                new Placement("an agreement id in the path", m -> door.call("GET", "/v1/admin/agreements/" + m,
                        DoorHub.ADMIN_TOKEN, null, null)),
                new Placement("a partner's kind", m -> door.call("PUT", "/v1/admin/partners/echo-partner", DoorHub.ADMIN_TOKEN,
                        "application/json", bytes("{\"kind\": \"" + m + "\", \"name\": \"Echo\"}"))),
                new Placement("a partner's webhook", m -> door.call("PUT", "/v1/admin/partners/echo-partner", DoorHub.ADMIN_TOKEN,
                        "application/json", bytes("{\"kind\": \"housing\", \"name\": \"Echo\", \"webhook\": \"ftp://" + m + " x\"}"))),
                new Placement("a partner id in the path", m -> door.call("GET", "/v1/admin/partners/" + m,
                        DoorHub.ADMIN_TOKEN, null, null)),
                new Placement("a directive's undeclared member", m -> door.call("POST",
                        "/v1/admin/families/F-ECHO/directives?agency=county-cw", DoorHub.OFFICER_TOKEN, "application/json",
                        bytes(directive().replace("\"effect\"", "\"" + m + "\": \"x\", \"effect\"")))),
                new Placement("a directive's category", m -> door.call("POST",
                        "/v1/admin/families/F-ECHO/directives?agency=county-cw", DoorHub.OFFICER_TOKEN, "application/json",
                        bytes(directive().replace("\"identity\"", "\"" + m + "\"")))),
                new Placement("a FHIR Consent's status", m -> door.call("POST",
                        "/v1/admin/families/F-ECHO/directives?agency=county-cw", DoorHub.OFFICER_TOKEN, "application/fhir+json",
                        bytes("{\"resourceType\": \"Consent\", \"status\": \"" + m + "\"}"))),
                new Placement("a FHIR Consent's undeclared element", m -> door.call("POST",
                        "/v1/admin/families/F-ECHO/directives?agency=county-cw", DoorHub.OFFICER_TOKEN, "application/fhir+json",
                        bytes("{\"resourceType\": \"Consent\", \"status\": \"active\", \"" + m + "\": 1}"))),
                new Placement("a dry run's service type", m -> door.call("POST", "/v1/admin/dry-run", DoorHub.ADMIN_TOKEN,
                        "application/json", bytes(referral().replace("\"mental-health\"", "\"" + m + "\""))))));
    }

    private static Placement ingress(String name, Function<String, String> document) {
        return new Placement(name, m -> door.submit(CloudEventCodec.STRUCTURED_JSON, Map.of(), bytes(document.apply(m)), true));
    }

    private static String referral() {
        return DemoMessages.referral(AGENCY, "F-ECHO", "R-ECHO", CLINIC);
    }

    private static String data() {
        return DoorHub.dataOf(referral());
    }

    private static Map<String, String> binaryHeaders() {
        return DoorHub.binaryHeaders(referral());
    }

    private static String agreement() {
        return """
                {"parties": ["county-cw", "riverside-clinic"], "purposes": ["referral"], "messageTypes": ["referral"],
                 "categories": ["identity"], "effective": "2026-01-01", "expires": "2027-12-31"}""";
    }

    private static String directive() {
        return ClinicHub.json(DemoMessages.consent(AGENCY, "F-ECHO", "D-ECHO", CLINIC)).get("data").toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
