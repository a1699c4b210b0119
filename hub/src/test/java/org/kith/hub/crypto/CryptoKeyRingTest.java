package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.JwsVerification.Invalid;
import org.kith.hub.crypto.JwsVerification.Reason;
import org.kith.hub.crypto.JwsVerification.Valid;
import org.kith.hub.testing.SteppingClock;

/** Rotation: what was signed before verifies for ever; a retired key's later signatures do not. */
class CryptoKeyRingTest {

    private static final byte[] BODY = "{\"referralId\":\"R-1\"}".getBytes(StandardCharsets.UTF_8);
    private final SecureRandom random = new SecureRandom();
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T14:00:00Z"));

    @Test
    void signaturesMadeBeforeARotationVerifyAfterIt() {
        KeyRing first = KeyRing.of(SigningKey.generate(random), clock);
        String before = DetachedJws.sign(first, BODY);
        clock.step(Duration.ofHours(1));
        KeyRing second = first.rotate(SigningKey.generate(random));
        clock.step(Duration.ofDays(400));
        String after = DetachedJws.sign(second, BODY);

        assertEquals(new Valid(first.active().kid(), Instant.parse("2026-11-20T14:00:00Z")), DetachedJws.verify(before, BODY, second));
        assertEquals(second.active().kid(), ((Valid) DetachedJws.verify(after, BODY, second)).kid());
        assertEquals(Optional.of(Instant.parse("2026-11-20T15:00:00Z")), second.find(first.active().kid()).orElseThrow().retiredAt());
        assertTrue(second.find(second.active().kid()).orElseThrow().retiredAt().isEmpty());
    }

    @Test
    void aRetiredKeysSignatureDatedAfterItsRetirementIsRefused() {
        KeyRing first = KeyRing.of(SigningKey.generate(random), clock);
        Instant retirement = clock.step(Duration.ofMinutes(10));
        KeyRing second = first.rotate(SigningKey.generate(random));

        String atRetirement = DetachedJws.sign(first.active(), retirement, BODY);
        String secondLater = DetachedJws.sign(first.active(), retirement.plusSeconds(1), BODY);
        String yearLater = DetachedJws.sign(first.active(), retirement.plus(Duration.ofDays(365)), BODY);

        assertTrue(DetachedJws.verify(atRetirement, BODY, second).isValid(), "the retirement instant itself still counts");
        assertEquals(new Invalid(Reason.RETIRED_KEY), DetachedJws.verify(secondLater, BODY, second));
        assertEquals(new Invalid(Reason.RETIRED_KEY), DetachedJws.verify(yearLater, BODY, second));
        assertTrue(DetachedJws.verify(yearLater, BODY, first).isValid(), "an old copy of the ring does not know yet");
    }

    @Test
    void severalRotationsKeepEveryKeyWithItsOwnRetirement() {
        KeyRing ring = KeyRing.of(SigningKey.generate(random), clock);
        List<String> signed = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            signed.add(DetachedJws.sign(ring, BODY));
            clock.step(Duration.ofDays(30));
            ring = ring.rotate(SigningKey.generate(random));
        }
        assertEquals(6, ring.publicKeys().all().size());
        for (String jws : signed) {
            assertTrue(DetachedJws.verify(jws, BODY, ring).isValid());
        }
        assertEquals(5, ring.publicKeys().all().stream().filter(k -> k.retiredAt().isPresent()).count());
    }

    @Test
    void aKeyIsNeverReused() {
        SigningKey key = SigningKey.generate(random);
        KeyRing ring = KeyRing.of(key, clock).rotate(SigningKey.generate(random));
        assertThrows(IllegalArgumentException.class, () -> ring.rotate(key));
    }

    @Test
    void aLoadedRingNeedsRetirementTimesForEveryOtherKey() {
        SigningKey active = SigningKey.generate(random);
        VerificationKey other = SigningKey.generate(random).publicKey();
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of(active, List.of(other), clock));
        assertThrows(IllegalArgumentException.class,
                () -> KeyRing.of(active, List.of(active.publicKey().retiredAt(clock.instant())), clock));
        KeyRing ring = KeyRing.of(active, List.of(other.retiredAt(clock.instant())), clock);
        assertEquals(2, ring.publicKeys().all().size());
    }

    @Test
    void keyIdsAreDerivedFromThePublicKey() {
        SigningKey key = SigningKey.generate(random);
        assertEquals(22, key.kid().length());
        assertEquals(VerificationKey.kidOf(key.publicKey().raw()), key.kid());
        assertFalse(key.toString().contains(Digests.hex(key.parameters().getEncoded())));
        assertEquals(key.kid(), SigningKey.fromSeed(key.parameters().getEncoded()).kid());
    }
}
