package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.component.kafka.KafkaConstants;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.connectors.rest.SignatureCheck;
import org.kith.fuzz.RawMessage;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.edge.IngressHarness.Outcome;
import org.kith.hub.edge.IngressHarness.Sent;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * What every request to the REST ingress must come to, whatever its bytes: an answer, never a 5xx
 * (a client's fault is never "retry later"); a refusal with a problem type, a signature or replay
 * refusal (and only such) recorded for the ledger with the same reason; nothing refused published; and an accepted message
 * published once, from its sender, carrying the data the sender signed.
 */
final class DoorProperties {

    /** The reason codes of the signature gate, the refusals the ledger records. */
    static final Set<String> GATE_REASONS = Stream.concat(
            Stream.of(SignatureCheck.UNSIGNED, "stale-timestamp", "future-timestamp", "replayed", "replay-capacity"),
            Arrays.stream(JwsVerification.Reason.values()).map(JwsVerification.Reason::code)).collect(Collectors.toSet());

    /** A plain parser, none of the hub's settings: the reference for what was signed and what was published. */
    private static final JsonFactory PLAIN = new JsonFactory();

    private DoorProperties() {
    }

    /** @return the problem document of a refusal, or null if the request was accepted */
    static JsonNode assertHolds(RawMessage request, Outcome outcome) throws IOException {
        assertNull(outcome.escaped(), () -> "escaped the route: " + outcome.escaped());
        assertTrue(outcome.status() == 202 || outcome.status() >= 400 && outcome.status() < 500,
                () -> "status " + outcome.status() + ": " + outcome.reply() + " after " + outcome.caught());
        JsonNode reply = Json.mapper().readTree(outcome.reply());
        if (outcome.status() == 202) {
            accepted(request, outcome, reply);
            return null;
        }
        assertTrue(outcome.published().isEmpty(), "nothing refused is published");
        assertTrue(reply.path("type").asText().startsWith("urn:kith:problem:") && reply.path("type").asText().length() > 17,
                () -> "a refusal has a problem type: " + outcome.reply());
        assertEquals(outcome.status(), reply.path("status").asInt(), "the problem's status is the answer's");
        if (GATE_REASONS.contains(reply.path("reason").asText())) {
            assertEquals(1, outcome.notices().size(), "a signature refusal is recorded before the sender is answered");
            RefusalNotice notice = RefusalNotice.fromJson(outcome.notices().get(0).value());
            assertEquals(reply.get("reason").asText(), notice.reason());
            assertEquals(reply.get("reason").asText(), outcome.notices().get(0).headers().get(KithHeaders.REFUSAL));
            assertEquals(outcome.sender(), notice.sender());
        } else {
            assertTrue(outcome.notices().isEmpty(), "only a signature or replay refusal is recorded at the door");
        }
        return reply;
    }

    private static void accepted(RawMessage request, Outcome outcome, JsonNode reply) throws IOException {
        assertTrue(outcome.notices().isEmpty(), "an accepted message is no refusal");
        assertEquals(1, outcome.published().size(), "an accepted message is published once");
        Sent record = outcome.published().get(0);
        assertEquals(reply.path("messageId").asText(), record.headers().get("ce_id"), "the id the sender is given");
        assertEquals(outcome.sender(), record.headers().get("ce_source"), "from its sender, never another");
        assertEquals(record.headers().get("ce_familyid"), record.headers().get(KafkaConstants.KEY), "keyed by family");
        record.headers().keySet().forEach(name -> assertTrue(name.startsWith("ce_") || name.equals("content-type")
                || name.equals(KafkaConstants.KEY), () -> "no request header reaches Kafka: " + name));
        assertEquals(values(request.body(), structured(request)), values(record.value(), false),
                "the data as signed: the same members in the same order, the same strings, the same digits and scale");
    }

    /**
     * A JSON value as its tokens, numbers as their exact decimal (digits and scale): of the whole
     * document, or of its top-level {@code data} member.
     */
    private static List<String> values(byte[] json, boolean dataMember) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (JsonParser parser = PLAIN.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (dataMember) {
                while (parser.nextToken() == JsonToken.FIELD_NAME && !"data".equals(parser.currentName())) {
                    parser.nextToken();
                    parser.skipChildren();
                }
                token = parser.nextToken();
            }
            int depth = 0;
            do {
                tokens.add(switch (token) {
                    case FIELD_NAME -> "name " + parser.currentName();
                    case VALUE_STRING -> "string " + parser.getText();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        BigDecimal number = new BigDecimal(parser.getText());
                        yield "number " + number.unscaledValue() + "e-" + number.scale();
                    }
                    default -> token.asString() == null ? token.name().toLowerCase(Locale.ROOT) : token.asString();
                });
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
                token = depth > 0 ? parser.nextToken() : null;
            } while (token != null);
        }
        return tokens;
    }

    static boolean structured(RawMessage request) {
        return request.headers().stream().filter(h -> h.name().equalsIgnoreCase("Content-Type")).findFirst()
                .map(h -> h.value(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                        .startsWith(CloudEventCodec.STRUCTURED_JSON))
                .orElse(false);
    }
}
