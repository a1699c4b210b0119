package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.connectors.InboundRecord;
import org.kith.connectors.rest.SignatureCheck.Admitted;
import org.kith.connectors.rest.SignatureCheck.Kind;
import org.kith.connectors.rest.SignatureCheck.Refused;
import org.kith.connectors.rest.SignatureCheck.Resent;
import org.kith.connectors.rest.SignatureCheck.Verdict;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.SignaturePolicy;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.ingress.AcceptedIds;
import org.kith.hub.testing.SteppingClock;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.PartnerKind;

/**
 * The ingress's signature check without a server: every reason a submission is refused, the
 * replay window on the signed time, the event id claimed once (the same content sent again answered
 * with its message id), binary mode's headers, and a partner's key rotation.
 */
class PartnerSignaturesTest {

    private static final String AGENCY = "county-cw";
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String STRUCTURED = CloudEventCodec.STRUCTURED_JSON;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T14:00:00Z"));
    private final SigningKey retiredKey = SigningKey.fromSeed(seed(1));
    private final SigningKey activeKey = SigningKey.fromSeed(seed(2));
    /** The agency rotated a minute ago: the old key is retired then, the new one signs since. */
    private final Instant rotatedAt = clock.instant().minus(Duration.ofMinutes(1));
    private final PartnerRegistry partners = new PartnerRegistry(List.of(
            new Partner(AGENCY, PartnerKind.CHILD_WELFARE, null, null, Optional.empty(),
                    PublicKeys.of(retiredKey.publicKey().retiredAt(rotatedAt), activeKey.publicKey())),
            new Partner("riverside-clinic", PartnerKind.MENTAL_HEALTH, null, null,
                    Optional.of(URI.create("https://clinic.example/kith")))));
    private final AcceptedIds guard = new AcceptedIds(WINDOW.multipliedBy(2), 100, clock, AcceptedIds.IN_MEMORY);
    private final PartnerSignatures check = new PartnerSignatures(partners, SignaturePolicy.REQUIRED, WINDOW, clock, guard);

    @Test
    void aMessageSignedByARegisteredKeyIsAdmittedWithItsKid() {
        byte[] body = event("evt-1");
        Verdict verdict = check.check(AGENCY, body, structured(sign(activeKey, clock.instant(), body)));
        assertEquals(Optional.of(activeKey.kid()), assertInstanceOf(Admitted.class, verdict).kid());
    }

    @Test
    void aRetiredKeysSignatureMadeBeforeItsRetirementVerifiesOneMadeAfterIsRefused() {
        byte[] before = event("evt-2");
        assertInstanceOf(Admitted.class, check.check(AGENCY, before,
                structured(sign(retiredKey, rotatedAt.minusSeconds(60), before))));
        byte[] after = event("evt-3");
        assertEquals(new Refused(Kind.SIGNATURE, "retired-key", Optional.of("evt-3")),
                check.check(AGENCY, after, structured(sign(retiredKey, clock.instant(), after))));
    }

    @Test
    void everySignatureFaultIsRefusedWithItsReason() {
        byte[] body = event("evt-4");
        assertEquals(new Refused(Kind.SIGNATURE, "unsigned", Optional.of("evt-4")),
                check.check(AGENCY, body, Map.of("Content-Type", STRUCTURED)));
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("R-1", "R-2").getBytes(StandardCharsets.UTF_8);
        assertEquals(new Refused(Kind.SIGNATURE, "bad-signature", Optional.of("evt-4")),
                check.check(AGENCY, altered, structured(sign(activeKey, clock.instant(), body))));
        assertEquals(new Refused(Kind.SIGNATURE, "unknown-key", Optional.of("evt-4")),
                check.check(AGENCY, body, structured(sign(SigningKey.fromSeed(seed(3)), clock.instant(), body))));
        assertEquals(new Refused(Kind.SIGNATURE, "unknown-key", Optional.of("evt-4")),
                check.check("riverside-clinic", body, structured(sign(activeKey, clock.instant(), body))),
                "another partner's key is not the sender's");
        assertEquals(new Refused(Kind.SIGNATURE, "malformed", Optional.of("evt-4")),
                check.check(AGENCY, body, structured("not a JWS")));
        assertEquals(0, guard.size(), "a refused signature takes no id");
    }

    @Test
    void theSignedTimeMustBeInTheWindowAndAnIdComesOnce() {
        byte[] stale = event("evt-5");
        assertEquals(new Refused(Kind.TIMESTAMP, "stale-timestamp", Optional.of("evt-5")), check.check(AGENCY, stale,
                structured(sign(activeKey, clock.instant().minus(WINDOW).minusSeconds(1), stale))));
        byte[] future = event("evt-6");
        assertEquals(new Refused(Kind.TIMESTAMP, "future-timestamp", Optional.of("evt-6")), check.check(AGENCY, future,
                structured(sign(activeKey, clock.instant().plus(WINDOW).plusSeconds(1), future))));

        byte[] body = event("evt-7");
        Map<String, String> headers = structured(sign(activeKey, clock.instant(), body));
        var admitted = assertInstanceOf(Admitted.class, check.check(AGENCY, body, headers));
        assertEquals(new Refused(Kind.REPLAY, "replayed", Optional.of("evt-7")), check.check(AGENCY, body, headers),
                "while the first is being stored, even the same bytes are refused: it may still fail");
        admitted.release();
        admitted = assertInstanceOf(Admitted.class, check.check(AGENCY, body, headers),
                "released: the first copy was not accepted");
        admitted.stored();

        clock.step(Duration.ofMinutes(1));
        assertEquals(new Resent(InboundRecord.messageId(AGENCY, "evt-7")),
                check.check(AGENCY, body, structured(sign(activeKey, clock.instant(), body))),
                "the same message signed again is answered with its message id");
        byte[] other = new String(body, StandardCharsets.UTF_8).replace("R-1", "R-2").getBytes(StandardCharsets.UTF_8);
        assertEquals(new Refused(Kind.REPLAY, "replayed", Optional.of("evt-7")),
                check.check(AGENCY, other, structured(sign(activeKey, clock.instant(), other))),
                "another message under a used id is a replay");
        clock.step(WINDOW.multipliedBy(2));
        assertInstanceOf(Admitted.class, check.check(AGENCY, other, structured(sign(activeKey, clock.instant(), other))),
                "twice the window after its acceptance the id is forgotten");
    }

    @Test
    void aPartnerAtItsShareIsRefusedWithCapacityAndRetryAfterWhileAnotherIsAdmitted() {
        var small = new AcceptedIds(WINDOW.multipliedBy(2), 1, clock, AcceptedIds.IN_MEMORY);
        var full = new PartnerSignatures(partners, SignaturePolicy.REQUIRED, WINDOW, clock, small);
        byte[] first = event("evt-8");
        assertInstanceOf(Admitted.class, full.check(AGENCY, first, structured(sign(activeKey, clock.instant(), first))));
        byte[] second = event("evt-9");
        assertEquals(new Refused(Kind.CAPACITY, "replay-capacity", Optional.of("evt-9"), WINDOW.multipliedBy(2).toSeconds()),
                full.check(AGENCY, second, structured(sign(activeKey, clock.instant(), second))));
        var unsigned = new PartnerSignatures(partners, SignaturePolicy.OPTIONAL, WINDOW, clock, small);
        assertInstanceOf(Admitted.class, unsigned.check("riverside-clinic", second, Map.of("Content-Type", STRUCTURED)),
                "the clinic's share is its own");
    }

    @Test
    void optionalSignaturesAdmitAnUnsignedMessageButNeverABadSignature() {
        var optional = new PartnerSignatures(partners, SignaturePolicy.OPTIONAL, WINDOW, clock, guard);
        byte[] body = event("evt-10");
        assertEquals(Optional.empty(), assertInstanceOf(Admitted.class,
                optional.check(AGENCY, body, Map.of("Content-Type", STRUCTURED))).kid());
        assertEquals("bad-signature", assertInstanceOf(Refused.class, optional.check(AGENCY, body,
                structured(sign(activeKey, clock.instant(), event("evt-11"))))).reason());
    }

    @Test
    void binaryModeCoversTheCeHeadersAndTakesTheIdFromCeId() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", "evt-12");
        headers.put("ce-source", AGENCY);
        headers.put("ce-recipients", "riverside-clinic");
        headers.put("Content-Type", "application/json");
        byte[] data = "{\"referralId\":\"R-1\"}".getBytes(StandardCharsets.UTF_8);
        String signature = DetachedJws.sign(activeKey, clock.instant(),
                SigningInput.binary(headers, CloudEventCodec.Binding.HTTP, data));
        headers.put("Kith-Signature", signature);

        Map<String, String> redirected = new LinkedHashMap<>(headers);
        redirected.put("ce-recipients", "lincoln-elementary");
        assertEquals(new Refused(Kind.SIGNATURE, "bad-signature", Optional.of("evt-12")), check.check(AGENCY, data, redirected));
        Map<String, String> doubled = new LinkedHashMap<>(headers);
        doubled.put("CE-ID", "evt-13");
        assertEquals("malformed", assertInstanceOf(Refused.class, check.check(AGENCY, data, doubled)).reason());
        assertInstanceOf(Admitted.class, check.check(AGENCY, data, headers));
        assertEquals(new Refused(Kind.REPLAY, "replayed", Optional.of("evt-12")), check.check(AGENCY, data, headers));
    }

    @Test
    void theIdIsReadFromTheTopLevelOnlyAndRecordedOnlyIfShortAndPrintable() {
        assertEquals(Optional.of("e-1"), PartnerSignatures.structuredId(
                "{\"data\": {\"id\": \"inner\"}, \"id\": \"e-1\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), PartnerSignatures.structuredId("[\"id\"]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), PartnerSignatures.structuredId("{\"id\": 7}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), PartnerSignatures.structuredId("{\"specversion\": ".getBytes(StandardCharsets.UTF_8)));

        byte[] longId = event("x".repeat(200));
        assertEquals(new Refused(Kind.SIGNATURE, "unsigned", Optional.empty()),
                check.check(AGENCY, longId, Map.of("Content-Type", STRUCTURED)));
        byte[] spaced = event("my name");
        assertEquals(new Refused(Kind.SIGNATURE, "unsigned", Optional.empty()),
                check.check(AGENCY, spaced, Map.of("Content-Type", STRUCTURED)));
    }

    @Test
    void aSignedBodyThatIsNoCloudEventIsAdmittedForTheValidationToRefuse() {
        byte[] body = "{\"specversion\": ".getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(Admitted.class, check.check(AGENCY, body, structured(sign(activeKey, clock.instant(), body))));
        assertEquals(0, guard.size());
    }

    private static byte[] event(String id) {
        return ("{\"specversion\": \"1.0\", \"id\": \"" + id + "\", \"source\": \"county-cw\", "
                + "\"data\": {\"referralId\": \"R-1\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(SigningKey key, Instant at, byte[] body) {
        return DetachedJws.sign(key, at, SigningInput.structured(body));
    }

    private static Map<String, String> structured(String signature) {
        return Map.of("Content-Type", STRUCTURED + "; charset=utf-8", "kith-signature", signature);
    }

    private static byte[] seed(int n) {
        byte[] seed = new byte[32];
        seed[0] = (byte) n;
        return seed;
    }
}
