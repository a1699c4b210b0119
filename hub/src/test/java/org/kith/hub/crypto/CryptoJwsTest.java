package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.hub.crypto.JwsVerification.Invalid;
import org.kith.hub.crypto.JwsVerification.Reason;
import org.kith.hub.crypto.JwsVerification.Valid;

/** Detached, unencoded-payload JWS (RFC 7515 + RFC 7797) with Ed25519: shape, vectors, every refusal. */
class CryptoJwsTest {

    private static final HexFormat HEX = HexFormat.of();
    /** RFC 8032 section 7.1, test 1. */
    private static final byte[] SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final Instant SIGNED_AT = Instant.parse("2026-11-20T14:05:00Z");
    /** The payload of RFC 7797's examples. */
    private static final byte[] PAYLOAD = "$.02".getBytes(StandardCharsets.US_ASCII);
    /**
     * Computed once with Bouncy Castle from the RFC 8032 key, the payload above and {@code iat}
     * 1795183500; checked below against the JDK's own Ed25519 provider, independently.
     */
    private static final String FIXED_JWS = "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il0sImlhdCI6MTc5NTE4MzUwMCwia2lkIjoiSWY0eDM2RlVvbUZpYV9oVUJHX1NKdyJ9.."
            + "f0z1xUr7dvBMGzKxsmGsvM--pjDoPJcUBbEzFLbc9448wLuEwHqmvP4aVbIhVrwS_uI_gWFdkcP4uFFZLwBVAQ";

    private final SigningKey key = SigningKey.fromSeed(SEED);
    private final PublicKeys keys = PublicKeys.of(key.publicKey());

    @Test
    void ed25519MatchesRfc8032TestVector1() {
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HEX.formatHex(key.publicKey().raw()));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                HEX.formatHex(key.sign(new byte[0])));
    }

    @Test
    void signsDetachedWithTheRfc7797HeaderAndVerifies() {
        String jws = DetachedJws.sign(key, SIGNED_AT, PAYLOAD);
        String[] parts = jws.split("\\.", -1);
        assertEquals(3, parts.length);
        assertEquals("", parts[1], "the payload is detached");
        assertEquals("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":1795183500,\"kid\":\"" + key.kid() + "\"}",
                new String(Digests.unbase64Url(parts[0]), StandardCharsets.UTF_8));
        assertEquals(new Valid(key.kid(), SIGNED_AT), DetachedJws.verify(jws, PAYLOAD, keys));
    }

    @Test
    void fixedVectorVerifiesHereAndWithTheJdkProvider() throws GeneralSecurityException {
        assertEquals(FIXED_JWS, DetachedJws.sign(key, SIGNED_AT, PAYLOAD), "Ed25519 is deterministic");
        assertEquals(new Valid(key.kid(), SIGNED_AT), DetachedJws.verify(FIXED_JWS, PAYLOAD, keys));

        String header = FIXED_JWS.substring(0, FIXED_JWS.indexOf('.'));
        byte[] signature = Digests.unbase64Url(FIXED_JWS.substring(FIXED_JWS.lastIndexOf('.') + 1));
        byte[] input = (header + ".$.02").getBytes(StandardCharsets.US_ASCII);
        // the JDK's SunEC provider, from the raw RFC 8032 bytes wrapped in their DER prefixes
        PublicKey jdkPublic = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                concat(HEX.parseHex("302a300506032b6570032100"), key.publicKey().raw())));
        Signature verifier = Signature.getInstance("Ed25519", "SunEC");
        verifier.initVerify(jdkPublic);
        verifier.update(input);
        assertTrue(verifier.verify(signature));
        PrivateKey jdkPrivate = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                concat(HEX.parseHex("302e020100300506032b657004220420"), SEED)));
        Signature signer = Signature.getInstance("Ed25519", "SunEC");
        signer.initSign(jdkPrivate);
        signer.update(input);
        assertArrayEquals(signature, signer.sign(), "the JDK signs the same bytes identically");
    }

    @Test
    void anyChangeToThePayloadIsABadSignature() {
        byte[] body = new byte[1024];
        new SecureRandom().nextBytes(body);
        String jws = DetachedJws.sign(key, SIGNED_AT, body);
        for (int i = 0; i < body.length; i += 37) {
            byte[] changed = body.clone();
            changed[i] ^= 1;
            assertEquals(new Invalid(Reason.BAD_SIGNATURE), DetachedJws.verify(jws, changed, keys));
        }
        byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), DetachedJws.verify(jws, longer, keys));
    }

    @Test
    void aKeyNotInTheSetIsUnknown() {
        SigningKey other = SigningKey.generate(new SecureRandom());
        assertEquals(new Invalid(Reason.UNKNOWN_KEY), DetachedJws.verify(DetachedJws.sign(other, SIGNED_AT, PAYLOAD), PAYLOAD, keys));
    }

    @Test
    void aSignatureUnderAnotherKeysIdIsBad() {
        SigningKey other = SigningKey.generate(new SecureRandom());
        String forged = DetachedJws.sign(key, SIGNED_AT, PAYLOAD);
        String otherSignature = DetachedJws.sign(other, SIGNED_AT, PAYLOAD);
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + otherSignature.substring(otherSignature.lastIndexOf('.') + 1);
        assertEquals(new Invalid(Reason.BAD_SIGNATURE), DetachedJws.verify(forged, PAYLOAD, keys));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "ES256", "RS256", "Ed25519"})
    void otherAlgorithmsAreUnsupported(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":1,\"kid\":\"" + key.kid() + "\"}";
        assertEquals(new Invalid(Reason.UNSUPPORTED_ALG), DetachedJws.verify(withHeader(header), PAYLOAD, keys));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"alg\":\"EdDSA\",\"crit\":[\"b64\"],\"iat\":1,\"kid\":\"K\"}",                    // no b64
            "{\"alg\":\"EdDSA\",\"b64\":true,\"crit\":[\"b64\"],\"iat\":1,\"kid\":\"K\"}",        // encoded payload
            "{\"alg\":\"EdDSA\",\"b64\":\"false\",\"crit\":[\"b64\"],\"iat\":1,\"kid\":\"K\"}",   // not a boolean
            "{\"alg\":\"EdDSA\",\"b64\":false,\"iat\":1,\"kid\":\"K\"}",                          // b64 not critical
            "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\",\"exp\"],\"iat\":1,\"kid\":\"K\"}", // a critical unknown
            "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"kid\":\"K\"}",                 // no iat
            "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":1.5,\"kid\":\"K\"}",     // iat not whole
            "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":-1,\"kid\":\"K\"}",      // before the epoch
            "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":1}",                     // no kid
            "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":1,\"kid\":\"\"}",        // empty kid
            "{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":1,\"kid\":\"K\"}", // duplicate
            "{\"b64\":false,\"crit\":[\"b64\"],\"iat\":1,\"kid\":\"K\"}",                         // no alg
            "[\"EdDSA\"]",
            "not json"})
    void headersKithDoesNotFullyUnderstandAreMalformed(String header) {
        String json = header.replace("\"K\"", "\"" + key.kid() + "\"");
        assertEquals(new Invalid(Reason.MALFORMED), DetachedJws.verify(withHeader(json), PAYLOAD, keys));
    }

    @Test
    void compactFormsOtherThanDetachedAreMalformed() {
        String jws = DetachedJws.sign(key, SIGNED_AT, PAYLOAD);
        String header = jws.substring(0, jws.indexOf('.'));
        String signature = jws.substring(jws.lastIndexOf('.') + 1);
        for (String bad : new String[] {
                "", ".", "..", header, header + "." + signature, header + ".JC4wMg." + signature, // attached payload
                header + ".." + signature + ".x", header + ".." + signature + "=", header + ".." + signature.substring(4),
                header.replace('-', '+') + "..+/" + signature, "." + header + ".." + signature,
                header + ".." + signature + "A".repeat(DetachedJws.MAX_LENGTH)}) {
            assertEquals(new Invalid(Reason.MALFORMED), DetachedJws.verify(bad, PAYLOAD, keys), bad);
        }
        assertEquals(new Invalid(Reason.MALFORMED), DetachedJws.verify(null, PAYLOAD, keys));
    }

    @Test
    void unknownNonCriticalHeaderParametersAreIgnored() {
        String header = "{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iat\":1795183500,\"kid\":\"" + key.kid()
                + "\",\"typ\":\"kith+jws\"}";
        String encoded = Digests.base64Url(header.getBytes(StandardCharsets.UTF_8));
        byte[] input = (encoded + ".$.02").getBytes(StandardCharsets.US_ASCII);
        String jws = encoded + ".." + Digests.base64Url(key.sign(input));
        assertEquals(new Valid(key.kid(), SIGNED_AT), DetachedJws.verify(jws, PAYLOAD, keys));
    }

    private String withHeader(String headerJson) {
        String encoded = Digests.base64Url(headerJson.getBytes(StandardCharsets.UTF_8));
        byte[] input = (encoded + ".$.02").getBytes(StandardCharsets.US_ASCII);
        return encoded + ".." + Digests.base64Url(key.sign(input));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
