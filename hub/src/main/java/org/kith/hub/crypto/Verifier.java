package org.kith.hub.crypto;

import java.util.Map;
import java.util.Objects;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;

/**
 * What a partner needs to check that a delivery came from the hub unaltered: the hub's published
 * key set ({@link Jwks}) and, per delivery, the {@value #SIGNATURE_HEADER} header (a detached JWS
 * whose protected header names the key) and the body as received, before parsing it.
 *
 * <pre>{@code
 * Verifier hub = Verifier.fromJwks(jwksJson);               // fetched from the hub, refreshed on unknown-key
 * JwsVerification result = hub.verifyStructured(request.header("Kith-Signature"), request.bodyBytes());
 * if (!result.isValid()) { reject }                          // the reason code says why
 * }</pre>
 *
 * <p>A copy read from the partner's own topic is checked with {@link #verifyKafkaRecord}: the
 * record's {@code kith-signature} header over its {@code ce_} headers, {@code content-type} and value.
 */
public final class Verifier {

    /** HTTP header (webhook) and Kafka header (outbound topic) carrying the detached JWS. */
    public static final String SIGNATURE_HEADER = KithHeaders.HTTP_SIGNATURE;

    private final KeyLookup keys;

    public Verifier(KeyLookup keys) {
        this.keys = Objects.requireNonNull(keys);
    }

    public static Verifier fromJwks(String jwksJson) {
        return new Verifier(Jwks.parse(jwksJson));
    }

    /** A structured-mode delivery (webhook, {@code application/cloudevents+json}): the JWS covers the body. */
    public JwsVerification verifyStructured(String signatureHeader, byte[] body) {
        return DetachedJws.verify(signatureHeader, SigningInput.structured(body), keys);
    }

    /**
     * A binary-mode delivery (Kafka record with {@code ce_} headers): {@code attributes} are those
     * headers without their prefix, plus {@code datacontenttype}; see {@link SigningInput#binary}.
     */
    public JwsVerification verifyBinary(String signatureHeader, Map<String, String> attributes, byte[] body) {
        byte[] input;
        try {
            input = SigningInput.binary(attributes, body);
        } catch (IllegalArgumentException e) {
            return new JwsVerification.Invalid(JwsVerification.Reason.MALFORMED);
        }
        return DetachedJws.verify(signatureHeader, input, keys);
    }

    /**
     * A record of {@code kith.outbound.<partner>} (CloudEvents Kafka binding): {@code headers} are
     * the record's headers as UTF-8 text, the {@value KithHeaders#SIGNATURE} header among them;
     * the signature covers the {@code ce_} headers, {@code content-type} and the value (see
     * {@link SigningInput#binary(Map, CloudEventCodec.Binding, byte[])}), not the hub's other
     * {@code kith-} headers.
     */
    public JwsVerification verifyKafkaRecord(Map<String, String> headers, byte[] value) {
        byte[] input;
        try {
            input = SigningInput.binary(headers, CloudEventCodec.Binding.KAFKA, value);
        } catch (IllegalArgumentException e) {
            return new JwsVerification.Invalid(JwsVerification.Reason.MALFORMED);
        }
        return DetachedJws.verify(headers.get(KithHeaders.SIGNATURE), input, keys);
    }
}
