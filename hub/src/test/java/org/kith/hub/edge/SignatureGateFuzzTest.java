package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kith.fuzz.Echoes;
import org.kith.fuzz.RawMessage;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.crypto.VerificationKey;
import org.kith.hub.crypto.Verifier;
import org.kith.hub.edge.IngressHarness.Outcome;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * Fuzz target of the signature gate: requests to the REST ingress (through {@link IngressHarness},
 * the route as the hub builds it) whose {@code Kith-Signature} the fuzzer writes, either as it is
 * or as a protected header the harness signs ({@value IngressHarness#SIGN_WITH}), over bodies and
 * {@code ce-} headers it writes too. The partners' client-side verifier ({@link Verifier}) reads
 * the same signature and attributes.
 *
 * <p>Properties: the door's ({@link DoorProperties}); a message is admitted only if its signature is
 * one the JDK's own Ed25519 verifies, by a key the sender registered and had not retired at the
 * signature's time, with exactly the header Kith defines and a time inside the replay window; no
 * refusal of the gate repeats what was sent; the verifier never throws.
 */
class SignatureGateFuzzTest {

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32-byte key. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final IngressHarness INGRESS = IngressHarness.start();

    @FuzzTest(maxDuration = "10s")
    void onlyASignatureOfTheSendersLiveKeyOverTheseBytesIsAdmittedAndEveryRefusalIsRecorded(byte[] input)
            throws Exception {
        RawMessage request = RawMessage.parse(input);
        if (!IngressHarness.reachesRoute(request)) {
            return; // the server's own 400, before any route
        }
        Outcome outcome = INGRESS.submit(request);
        JsonNode problem = DoorProperties.assertHolds(request, outcome);
        Map<String, String> sent = new LinkedHashMap<>();
        outcome.requestHeaders().forEach((name, value) -> sent.put(name, String.valueOf(value)));
        if (problem == null) {
            assertSignedBySender(outcome.sender(), sent, request.body());
        } else if (DoorProperties.GATE_REASONS.contains(problem.path("reason").asText())) {
            // the gate's own refusals; what the validator says after it is the ingress target's to check
            Echoes.find(input, outcome.reply(), again -> IngressHarness.reachesRoute(RawMessage.parse(again))
                            ? gateRefusal(INGRESS.submit(RawMessage.parse(again))) : "")
                    .ifPresent(echoed -> fail("the refusal repeats what was sent: " + echoed));
        }
        // a partner checking the same bytes as a delivery (webhook or its Kafka topic) gets a verdict, never an exception
        Verifier partnerSide = new Verifier(INGRESS::anyRegisteredKey);
        partnerSide.verifyStructured(header(sent, KithHeaders.HTTP_SIGNATURE), request.body());
        partnerSide.verifyKafkaRecord(asKafkaRecord(sent), request.body());
    }

    /** The reply to a request the gate refused; empty for any other outcome. */
    private static String gateRefusal(Outcome outcome) throws Exception {
        return outcome.status() != 202
                && DoorProperties.GATE_REASONS.contains(Json.mapper().readTree(outcome.reply()).path("reason").asText())
                ? outcome.reply() : "";
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The same attributes and signature as the headers of a Kafka record. */
    private static Map<String, String> asKafkaRecord(Map<String, String> http) {
        Map<String, String> kafka = new LinkedHashMap<>();
        http.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(CloudEventCodec.Binding.HTTP.prefix())) {
                kafka.put(CloudEventCodec.Binding.KAFKA.prefix() + lower.substring(3), value);
            } else if (lower.equals("content-type")) {
                kafka.put(CloudEventCodec.Binding.KAFKA.contentTypeHeader(), value);
            } else if (lower.equals(KithHeaders.SIGNATURE)) {
                kafka.put(KithHeaders.SIGNATURE, value);
            }
        });
        return kafka;
    }

    /** The independent check of an admitted request's signature: parsed here, verified by the JDK. */
    private static void assertSignedBySender(String sender, Map<String, String> headers, byte[] body) throws Exception {
        String jws = header(headers, KithHeaders.HTTP_SIGNATURE);
        assertTrue(jws != null, "admitted without a signature");
        String[] parts = jws.split("\\.", -1);
        assertEquals(3, parts.length, "compact JWS");
        assertTrue(parts[1].isEmpty(), "detached payload");
        JsonNode header = Json.mapper().readTree(Digests.unbase64Url(parts[0]));
        assertEquals("EdDSA", header.path("alg").asText());
        assertTrue(header.path("b64").isBoolean() && !header.path("b64").booleanValue(), "b64 false");
        assertEquals("[\"b64\"]", header.path("crit").toString());
        Instant iat = Instant.ofEpochSecond(header.path("iat").longValue());
        assertTrue(header.path("iat").isIntegralNumber(), "iat a number");
        assertTrue(!iat.isBefore(IngressHarness.NOW.minus(Duration.ofMinutes(5)))
                && !iat.isAfter(IngressHarness.NOW.plus(Duration.ofMinutes(5))), "signed inside the replay window");
        Optional<VerificationKey> key = INGRESS.registeredKey(sender, header.path("kid").asText());
        assertTrue(key.isPresent(), "by a key the sender registered");
        assertTrue(key.get().retiredAt().map(retired -> !iat.isAfter(retired)).orElse(true), "not retired then");
        boolean structured = headers.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("Content-Type")
                && e.getValue().toLowerCase(Locale.ROOT).startsWith(CloudEventCodec.STRUCTURED_JSON));
        byte[] input = structured ? body : SigningInput.binary(headers, CloudEventCodec.Binding.HTTP, body);
        byte[] head = (parts[0] + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[head.length + input.length];
        System.arraycopy(head, 0, signed, 0, head.length);
        System.arraycopy(input, 0, signed, head.length, input.length);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(jdkKey(key.get().raw()));
        jdk.update(signed);
        assertTrue(jdk.verify(Digests.unbase64Url(parts[2])), "the JDK verifies what the hub admitted");
    }

    private static PublicKey jdkKey(byte[] raw) throws Exception {
        byte[] spki = new byte[ED25519_SPKI.length + raw.length];
        System.arraycopy(ED25519_SPKI, 0, spki, 0, ED25519_SPKI.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }
}
