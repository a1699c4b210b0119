package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kith.schemas.CloudEventCodec.Binding.KAFKA;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.JwsVerification.Invalid;
import org.kith.hub.crypto.JwsVerification.Reason;
import org.kith.hub.testing.SteppingClock;

/** A partner checks hub deliveries with the published key set alone; binary mode covers the attributes. */
class CryptoVerifierTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T14:00:00Z"));
    private final SecureRandom random = new SecureRandom();

    @Test
    void aPartnerVerifiesStructuredDeliveriesFromThePublishedKeySet() {
        KeyRing hub = KeyRing.of(SigningKey.generate(random), clock);
        byte[] body = "{\"specversion\":\"1.0\",\"id\":\"m-1\",\"data\":{\"referralId\":\"R-1\"}}".getBytes(StandardCharsets.UTF_8);
        String signature = DetachedJws.sign(hub, body);
        clock.step(Duration.ofDays(1));
        hub = hub.rotate(SigningKey.generate(random));

        Verifier partner = Verifier.fromJwks(Jwks.write(hub.publicKeys()));
        assertTrue(partner.verifyStructured(signature, body).isValid(), "signed before the rotation");
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("R-1", "R-2").getBytes(StandardCharsets.UTF_8);
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), partner.verifyStructured(signature, altered));
        String late = DetachedJws.sign(SigningKey.fromSeed(new byte[32]), clock.instant(), body);
        assertEquals(new Invalid(Reason.UNKNOWN_KEY), partner.verifyStructured(late, body));
    }

    @Test
    void binaryModeCoversEveryAttributeAndTheBody() {
        KeyRing hub = KeyRing.of(SigningKey.generate(random), clock);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "m-1");
        attributes.put("recipients", "riverside-clinic");
        attributes.put("datacontenttype", "application/json");
        byte[] body = "{\"referralId\":\"R-1\"}".getBytes(StandardCharsets.UTF_8);
        String signature = DetachedJws.sign(hub, SigningInput.binary(attributes, body));
        Verifier partner = new Verifier(hub.publicKeys());

        Map<String, String> reordered = new LinkedHashMap<>();
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> reordered.put(e.getKey().toUpperCase(), e.getValue()));
        assertTrue(partner.verifyBinary(signature, reordered, body).isValid(), "header order and case do not matter");

        Map<String, String> redirected = new LinkedHashMap<>(attributes);
        redirected.put("recipients", "lincoln-elementary");
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), partner.verifyBinary(signature, redirected, body));
        Map<String, String> added = new LinkedHashMap<>(attributes);
        added.put("traceparent", "00-x");
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), partner.verifyBinary(signature, added, body));
        Map<String, String> doubled = new LinkedHashMap<>(attributes);
        doubled.put("ID", "m-2");
        assertEquals(new Invalid(Reason.MALFORMED), partner.verifyBinary(signature, doubled, body));
    }

    @Test
    void aPartnerVerifiesACopyFromItsTopicByTheRecordsHeaders() {
        KeyRing hub = KeyRing.of(SigningKey.generate(random), clock);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", "m-1");
        headers.put("ce_recipients", "riverside-clinic");
        headers.put("content-type", "application/json");
        byte[] value = "{\"referralId\":\"R-1\"}".getBytes(StandardCharsets.UTF_8);
        headers.put("kith-signature", DetachedJws.sign(hub, SigningInput.binary(headers, KAFKA, value)));
        headers.put("kith-decision-id", "d-1");
        Verifier partner = Verifier.fromJwks(Jwks.write(hub.publicKeys()));

        assertTrue(partner.verifyKafkaRecord(headers, value).isValid(), "neither the signature nor a kith- header is covered");
        assertArrayEquals(SigningInput.binary(Map.of("specversion", "1.0", "id", "m-1", "recipients", "riverside-clinic",
                        "datacontenttype", "application/json"), value), SigningInput.binary(headers, KAFKA, value),
                "the ce_ headers without their prefix and content-type as datacontenttype");
        Map<String, String> redirected = new LinkedHashMap<>(headers);
        redirected.put("ce_recipients", "lincoln-elementary");
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), partner.verifyKafkaRecord(redirected, value));
        Map<String, String> unsigned = new LinkedHashMap<>(headers);
        unsigned.remove("kith-signature");
        assertEquals(new Invalid(Reason.MALFORMED), partner.verifyKafkaRecord(unsigned, value));
    }

    @Test
    void theBinarySigningInputIsCanonicalAttributesALineFeedAndTheBody() {
        byte[] input = SigningInput.binary(Map.of("id", "m-1", "Source", "county-cw", "note", "a\nb"), new byte[] {'{', '}'});
        assertEquals("{\"id\":\"m-1\",\"note\":\"a\\nb\",\"source\":\"county-cw\"}\n{}", new String(input, StandardCharsets.UTF_8));
    }

    @Test
    void theKeySetRoundTripsWithRetirementAndRefusesMismatchedIds() {
        KeyRing ring = KeyRing.of(SigningKey.generate(random), clock).rotate(SigningKey.generate(random));
        String jwks = Jwks.write(ring.publicKeys());
        PublicKeys parsed = Jwks.parse(jwks);
        assertEquals(ring.publicKeys().all().size(), parsed.all().size());
        for (VerificationKey key : ring.publicKeys().all()) {
            assertEquals(key, parsed.find(key.kid()).orElseThrow());
        }
        assertTrue(jwks.contains("\"kty\":\"OKP\"") && jwks.contains("\"crv\":\"Ed25519\"") && jwks.contains("\"retiredAt\""));

        String otherTypesIgnored = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"x\",\"x\":\"AA\",\"y\":\"AA\"}]}";
        assertEquals(0, Jwks.parse(otherTypesIgnored).all().size());
        String wrongKid = jwks.replaceFirst("\"kid\":\"[^\"]+\"", "\"kid\":\"someone-else\"");
        assertThrows(IllegalArgumentException.class, () -> Jwks.parse(wrongKid));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parse("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parse("{}"));
        assertThrows(IllegalArgumentException.class, () -> Jwks.parse("{"));
    }
}
