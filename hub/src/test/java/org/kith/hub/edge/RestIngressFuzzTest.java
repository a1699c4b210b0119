package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kith.fuzz.Echoes;
import org.kith.fuzz.RawMessage;
import org.kith.hub.edge.IngressHarness.Outcome;
import org.kith.hub.edge.IngressHarness.Sent;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * Fuzz target of the REST ingress's reader and validator ({@code SubmissionReader} with the schemas'
 * {@code SubmissionValidator}, behind the content type gate), in structured and binary mode:
 * requests through {@link IngressHarness} (the route as the hub builds it) whose body, content type,
 * {@code ce-} headers and query the fuzzer writes, each signed by its sender as a client would sign
 * it (unless the input carries a signature of its own), so that every input reaches the reader.
 *
 * <p>Properties: the door's ({@link DoorProperties}: no 5xx, a problem type on every refusal, nothing
 * refused published, an accepted message's data the JSON value its sender signed); its attributes
 * published as signed; and no refusal repeats what was sent (a value, a member name).
 */
class RestIngressFuzzTest {

    private static final IngressHarness INGRESS = IngressHarness.start();

    @FuzzTest(maxDuration = "10s")
    void whatIsAcceptedIsPublishedAsSignedAndWhatIsRefusedSaysWhyWithoutRepeatingIt(byte[] input) throws Exception {
        RawMessage request = signed(RawMessage.parse(input));
        if (!IngressHarness.reachesRoute(request)) {
            return; // the server's own 400, before any route
        }
        Outcome outcome = INGRESS.submit(request);
        JsonNode problem = DoorProperties.assertHolds(request, outcome);
        if (problem == null) {
            assertPublishedAsSigned(request, outcome.published().get(0));
            return;
        }
        Echoes.find(input, outcome.reply(), again -> {
            RawMessage changed = signed(RawMessage.parse(again));
            Outcome other = IngressHarness.reachesRoute(changed) ? INGRESS.submit(changed) : null;
            return other == null || other.status() == 202 ? "" : other.reply();
        }).ifPresent(echoed -> fail("the refusal repeats what was sent: " + echoed));
    }

    /** The request as its sender's client sends it: signed with the standard header, unless it has a signature. */
    private static RawMessage signed(RawMessage request) {
        boolean signs = request.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase(KithHeaders.HTTP_SIGNATURE)
                || h.name().equalsIgnoreCase(IngressHarness.SIGN_WITH));
        String sender = IngressHarness.sender(request);
        if (signs || !INGRESS.hasKeys(sender)) {
            return request;
        }
        List<RawMessage.Header> headers = new ArrayList<>(request.headers());
        headers.add(new RawMessage.Header(IngressHarness.SIGN_WITH,
                INGRESS.standardHeader(sender).getBytes(StandardCharsets.US_ASCII)));
        return new RawMessage(List.copyOf(headers), request.body());
    }

    private static void assertPublishedAsSigned(RawMessage request, Sent record) throws IOException {
        boolean structured = DoorProperties.structured(request);
        for (String attribute : List.of("type", "familyid", "purpose", "subject", "recipients")) {
            assertEquals(signedAttribute(request, structured, attribute), Optional.ofNullable(
                    (String) record.headers().get("ce_" + attribute)), () -> attribute + " as signed");
        }
        assertEquals(signedAttribute(request, structured, "id"), Optional.ofNullable(
                (String) record.headers().get("ce_partnereventid")), "the sender's id kept as partnereventid");
    }

    /** An attribute as the sender signed it: a member of a structured body, a {@code ce-} header in binary mode. */
    private static Optional<String> signedAttribute(RawMessage request, boolean structured, String attribute)
            throws IOException {
        if (structured) {
            JsonNode value = Json.mapper().readTree(request.body()).get(attribute);
            return Optional.ofNullable(value).map(JsonNode::asText);
        }
        return request.headers().stream().filter(h -> h.name().equalsIgnoreCase("ce-" + attribute)).findFirst()
                .map(h -> h.value(StandardCharsets.ISO_8859_1).strip());
    }
}
