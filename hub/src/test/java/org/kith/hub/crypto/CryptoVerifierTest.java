package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
