package org.kith.hub.edge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kith.connectors.IdRegistry;
import org.kith.connectors.rest.SignatureCheck;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.config.SignaturePolicy;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.fhir.FhirR4;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's {@link SignatureCheck} for the REST and Kafka ingresses: the sender's {@code Kith-Signature}
 * over the raw request with the sender's registered keys (structured mode: the body; binary mode: the
 * {@code ce-} headers and the body, see {@link SigningInput}), then the signature's {@code iat} within
 * the replay window of the hub's clock, then the sender's event id in the hub's {@link IdRegistry}
 * (shared by every edge and instance), with the SHA-256 of the signed content (the signing input,
 * whether or not the message is signed), so that the same content sent again is told from another
 * under a used id.
 *
 * <p>Nothing parses the body before the signature is verified. Only then is the event id read from a
 * structured body: a scan of the top-level members that builds no objects. A FHIR request
 * ({@code application/fhir+json}) is signed as a structured one, over the body's bytes; FHIR has no
 * event id, so its event id is its digest ({@link FhirR4#eventId}): the same bytes sent again are the
 * same message, any other bytes another. A refused message's id
 * is read the same way, to name it in the ledger, and only if it is a short printable id.
 */
final class PartnerSignatures implements SignatureCheck {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerSignatures.class);
    /** Longest partner event id copied into a refusal record. */
    private static final int MAX_RECORDED_ID = 128;

    private final Partners partners;
    private final SignaturePolicy policy;
    private final Duration window;
    private final Clock clock;
    private final IdRegistry ids;
    private final Set<String> unsignedSenders = ConcurrentHashMap.newKeySet();

    /** @param window how far a signature's time may be from the clock, either way */
    PartnerSignatures(Partners partners, SignaturePolicy policy, Duration window, Clock clock, IdRegistry ids) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the replay window must be positive, was " + window);
        }
        this.partners = partners;
        this.policy = policy;
        this.window = window;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Verdict check(String partnerId, byte[] body, Map<String, String> headers) {
        // a FHIR resource is signed as a structured CloudEvent is: the body's bytes exactly as sent
        boolean structured = header(headers, CloudEventCodec.Binding.HTTP.contentTypeHeader())
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith(CloudEventCodec.STRUCTURED_JSON) || fhir(headers))
                .orElse(false);
        Optional<String> signature = header(headers, KithHeaders.HTTP_SIGNATURE);
        if (signature.isEmpty()) {
            if (policy == SignaturePolicy.OPTIONAL) {
                if (unsignedSenders.add(partnerId)) {
                    LOG.warn("Partner {} sends unsigned messages; accepted while kith.ingress.signatures is optional",
                            partnerId);
                }
                return claim(partnerId, Optional.empty(), structured, body, headers);
            }
            return refused(Kind.SIGNATURE, UNSIGNED, structured, body, headers);
        }
        byte[] input;
        try {
            input = structured ? SigningInput.structured(body)
                    : SigningInput.binary(headers, CloudEventCodec.Binding.HTTP, body);
        } catch (IllegalArgumentException e) {
            return refused(Kind.SIGNATURE, JwsVerification.Reason.MALFORMED.code(), structured, body, headers);
        }
        PublicKeys keys = partners.find(partnerId).map(Partner::publicKeys).orElse(PublicKeys.of());
        JwsVerification verification = DetachedJws.verify(signature.get(), input, keys);
        if (verification instanceof JwsVerification.Invalid invalid) {
            return refused(Kind.SIGNATURE, invalid.reason().code(), structured, body, headers);
        }
        var valid = (JwsVerification.Valid) verification;
        Instant now = clock.instant();
        if (valid.signedAt().isBefore(now.minus(window))) {
            return refused(Kind.TIMESTAMP, "stale-timestamp", structured, body, headers);
        }
        if (valid.signedAt().isAfter(now.plus(window))) {
            return refused(Kind.TIMESTAMP, "future-timestamp", structured, body, headers);
        }
        return claim(partnerId, Optional.of(valid.kid()), structured, body, headers);
    }

    /** The sender's event id, claimed in the registry: held for this message, sent before, or refused. */
    private Verdict claim(String partnerId, Optional<String> kid, boolean structured, byte[] body,
                          Map<String, String> headers) {
        Optional<String> eventId = eventId(structured, body, headers);
        if (eventId.isEmpty()) {
            // Not a CloudEvent with an id: the validation that follows refuses it, so nothing can be replayed.
            return new Admitted(kid, Optional.empty());
        }
        IdRegistry.Verdict claim = ids.claim(partnerId, eventId.get(), digest(structured, body, headers));
        if (claim instanceof IdRegistry.Claimed claimed) {
            return new Admitted(kid, Optional.of(claimed));
        }
        if (claim instanceof IdRegistry.Resent resent) {
            return new Resent(resent.messageId());
        }
        if (claim instanceof IdRegistry.Full full) {
            return new Refused(Kind.CAPACITY, "replay-capacity", recordable(eventId), full.retryAfterSeconds());
        }
        return new Refused(Kind.REPLAY, "replayed", recordable(eventId));
    }

    /**
     * The SHA-256 of what a signature covers (structured: the body; binary: the {@code ce-} headers and
     * the body), so that a message re-signed and sent again has the same digest. An unsigned binary
     * message whose headers name an attribute twice is digested by its body alone.
     */
    private static String digest(boolean structured, byte[] body, Map<String, String> headers) {
        byte[] content;
        try {
            content = structured ? SigningInput.structured(body) : SigningInput.binary(headers, CloudEventCodec.Binding.HTTP, body);
        } catch (IllegalArgumentException e) {
            content = body;
        }
        return Digests.hex(Digests.sha256(content));
    }

    private static Refused refused(Kind kind, String reason, boolean structured, byte[] body, Map<String, String> headers) {
        return new Refused(kind, reason, recordable(eventId(structured, body, headers)));
    }

    /** The sender's message id: the {@code ce-id} header, or the top-level {@code id} of a structured body. */
    private static Optional<String> eventId(boolean structured, byte[] body, Map<String, String> headers) {
        if (fhir(headers)) {
            return Optional.of(FhirR4.eventId(body));
        }
        return structured ? structuredId(body) : header(headers, CloudEventCodec.Binding.HTTP.prefix() + "id");
    }

    /** Whether the request is FHIR JSON ({@value FhirR4#MEDIA_TYPE}), whose event id is its digest ({@link FhirR4#eventId}). */
    private static boolean fhir(Map<String, String> headers) {
        return header(headers, CloudEventCodec.Binding.HTTP.contentTypeHeader())
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith(FhirR4.MEDIA_TYPE)).orElse(false);
    }

    /**
     * The top-level {@code "id"} string of a JSON object, read token by token (nested values are
     * skipped, not built); empty if the body is not such an object.
     */
    static Optional<String> structuredId(byte[] body) {
        try (JsonParser parser = Json.mapper().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? Optional.of(parser.getText()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An id fit for a ledger record: short and printable, or left out. */
    private static Optional<String> recordable(Optional<String> id) {
        return id.filter(text -> text.length() <= MAX_RECORDED_ID && text.chars().allMatch(c -> c > 0x20 && c < 0x7f));
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }
}
