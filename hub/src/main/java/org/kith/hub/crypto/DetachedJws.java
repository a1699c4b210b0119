package org.kith.hub.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.kith.hub.crypto.JwsVerification.Invalid;
import org.kith.hub.crypto.JwsVerification.Reason;
import org.kith.schemas.Json;

/**
 * Detached JWS with an unencoded payload (RFC 7515 appendix F, RFC 7797): the compact form
 * {@code BASE64URL(header)..BASE64URL(signature)}, the payload travelling as it is (an HTTP body,
 * a Kafka value) and never copied into the signature.
 *
 * <p>The protected header is, in RFC 8785 canonical form,
 * {@code {"alg":"EdDSA","b64":false,"crit":["b64"],"iat":<seconds>,"kid":"<key id>"}}. The
 * signing input is {@code ASCII(BASE64URL(header)) || '.' || payload}. {@code iat} is the signing
 * time in whole seconds since the epoch; it is what a retired key is judged by, so a retired key's
 * signature dated after its retirement is refused. It is the signer's own statement: for live
 * messages, the ingress's replay window bounds how far it can lie.
 *
 * <p>Verification works on the raw bytes before anything parses the payload, and fails closed:
 * any header it does not fully understand is {@code malformed}.
 */
public final class DetachedJws {

    public static final String ALG = "EdDSA";
    /** Longest compact JWS accepted: a Kith header is about 120 characters, a signature 86. */
    public static final int MAX_LENGTH = 1024;

    private DetachedJws() {
    }

    /** The detached JWS of {@code payload}, by the ring's active key, dated by the ring's clock. */
    public static String sign(KeyRing ring, byte[] payload) {
        return sign(ring.active(), ring.clock().instant(), payload);
    }

    /** The detached JWS of {@code payload} by {@code key}, dated {@code signedAt}. */
    public static String sign(SigningKey key, Instant signedAt, byte[] payload) {
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.put("alg", ALG);
        header.put("b64", false);
        header.putArray("crit").add("b64");
        header.put("iat", signedAt.getEpochSecond());
        header.put("kid", key.kid());
        String encodedHeader = Digests.base64Url(Jcs.canonicalize(header));
        byte[] signature = key.sign(signingInput(encodedHeader, payload));
        return encodedHeader + ".." + Digests.base64Url(signature);
    }

    /** Checks {@code jws} over exactly {@code payload} with the key {@code keys} has for its kid. */
    public static JwsVerification verify(String jws, byte[] payload, KeyLookup keys) {
        if (jws == null || jws.length() > MAX_LENGTH) {
            return invalid(Reason.MALFORMED);
        }
        int firstDot = jws.indexOf('.');
        if (firstDot <= 0 || jws.length() < firstDot + 2 || jws.charAt(firstDot + 1) != '.'
                || jws.indexOf('.', firstDot + 2) >= 0) {
            return invalid(Reason.MALFORMED); // three parts, the middle (payload) empty
        }
        String encodedHeader = jws.substring(0, firstDot);
        JsonNode header;
        byte[] signature;
        try {
            header = Json.mapper().readTree(Digests.unbase64Url(encodedHeader));
            signature = Digests.unbase64Url(jws.substring(firstDot + 2));
        } catch (IOException | IllegalArgumentException e) {
            return invalid(Reason.MALFORMED);
        }
        if (header == null || !header.isObject()) {
            return invalid(Reason.MALFORMED);
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            return invalid(Reason.MALFORMED);
        }
        if (!ALG.equals(alg.textValue())) {
            return invalid(Reason.UNSUPPORTED_ALG);
        }
        JsonNode b64 = header.get("b64");
        JsonNode crit = header.get("crit");
        JsonNode kid = header.get("kid");
        JsonNode iat = header.get("iat");
        // RFC 7797 section 6: b64 must be listed in crit; RFC 7515 4.1.11: nothing we do not understand may be.
        boolean critIsB64Only = crit != null && crit.isArray() && crit.size() == 1 && "b64".equals(crit.get(0).textValue());
        if (b64 == null || !b64.isBoolean() || b64.booleanValue() || !critIsB64Only
                || kid == null || !kid.isTextual() || kid.textValue().isEmpty()
                || iat == null || !iat.isIntegralNumber() || !iat.canConvertToLong()
                || iat.longValue() < 0 || iat.longValue() > Jcs.MAX_SAFE_INTEGER
                || signature.length != 64) {
            return invalid(Reason.MALFORMED);
        }
        Optional<VerificationKey> key = keys.find(kid.textValue());
        if (key.isEmpty()) {
            return invalid(Reason.UNKNOWN_KEY);
        }
        Instant signedAt = Instant.ofEpochSecond(iat.longValue());
        if (!key.get().acceptsSignatureAt(signedAt)) {
            return invalid(Reason.RETIRED_KEY);
        }
        if (!key.get().verify(signingInput(encodedHeader, payload), signature)) {
            return invalid(Reason.BAD_SIGNATURE);
        }
        return new JwsVerification.Valid(kid.textValue(), signedAt);
    }

    private static byte[] signingInput(String encodedHeader, byte[] payload) {
        byte[] head = encodedHeader.getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[head.length + 1 + payload.length];
        System.arraycopy(head, 0, input, 0, head.length);
        input[head.length] = '.';
        System.arraycopy(payload, 0, input, head.length + 1, payload.length);
        return input;
    }

    private static JwsVerification invalid(Reason reason) {
        return new Invalid(reason);
    }
}
