package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SimpleSecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.kith.hub.config.JwtSettings;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.Jcs;

/**
 * A child-safety emergency declared by a person and carried by a message rather than entered at
 * the administration API: a token of the partnership's identity provider in the authority's
 * {@code emergency.declaration}. It is checked by the code that checks the API's bearer tokens
 * ({@link JwtUsers}: the provider's keys and algorithms, the exact issuer, this hub's audience,
 * {@code sub}, {@code exp} and {@code iat}, roles and agency scope), and it must be bound to this
 * one authority:
 * <ul>
 *   <li>typed {@value #TYPE} in its JOSE header (explicit typing, RFC 8725 section 3.11): the
 *       administration API accepts no token of this type as a bearer token, and a bearer token is
 *       no declaration;</li>
 *   <li>{@value #FAMILY}: the family's id; {@value #AUTHORITY}: the authority's id;
 *       {@value #AUTHORITY_SHA256}: the SHA-256 (hex) of the RFC 8785 canonical form of the
 *       authority's data without {@code emergency.declaration} ({@link #authoritySha256});</li>
 *   <li>short-lived: {@code exp} at most {@link #MAX_LIFETIME} after {@code iat}, and valid when
 *       the hub accepted the message.</li>
 * </ul>
 * So it cannot be replayed for another family (the family id), for another or an altered authority
 * (the hash covers subjects, recipients, categories, purposes, period and justification), after
 * minutes (its expiry, against the time the hub accepted the message), nor used to call the API
 * (its type). Sending the same authority again in the same minutes records the same authority
 * again: what its declarer declared. A refusal says why by a code, never what the token claims.
 */
public final class EmergencyDeclarations {

    /** The JOSE {@code typ} of a declaration. */
    public static final String TYPE = "kith-emergency+jwt";
    /** The claim naming the family the emergency is declared for. */
    public static final String FAMILY = "kith_family";
    /** The claim naming the authority's id. */
    public static final String AUTHORITY = "kith_authority";
    /** The claim holding the SHA-256 of the authority's data ({@link #authoritySha256}). */
    public static final String AUTHORITY_SHA256 = "kith_authority_sha256";
    /** The longest a declaration may live, from {@code iat} to {@code exp}. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);
    private static final String AT = "kith-accepted-at";

    /** Who declared the emergency, or why the declaration was refused. */
    public sealed interface Verdict permits Declared, Refused {
    }

    /** A person of the identity provider declared it: the user, with its roles and scope. */
    public record Declared(User user) implements Verdict {
    }

    /**
     * The declaration was refused: {@code reason} is a code ({@code not-a-declaration},
     * {@code signature}, {@code expired}, {@code not-bound}, {@code too-long-lived}...), safe to tell
     * the sender and to record.
     */
    public record Refused(String reason) implements Verdict {
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public EmergencyDeclarations(JWKSource<SecurityContext> keys, String issuer, String audience) {
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(TYPE)));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JwtUsers.ALGORITHMS, keys));
        // checked on the time the hub accepted the message, with the binding claims required
        processor.setJWTClaimsSetVerifier((claims, context) -> new JwtUsers.OnClock<>(issuer, audience,
                Clock.fixed((Instant) ((SimpleSecurityContext) context).get(AT), ZoneOffset.UTC),
                Set.of(FAMILY, AUTHORITY, AUTHORITY_SHA256)).verify(claims, context));
    }

    /** The identity provider of the administration API's settings. */
    public static EmergencyDeclarations load(JwtSettings settings) {
        return new EmergencyDeclarations(JwtUsers.keys(settings), settings.issuer(), settings.audience());
    }

    /**
     * Checks {@code token} as the declaration of the emergency authority {@code data} for
     * {@code familyId}, as of {@code acceptedAt} (when the hub accepted the message).
     */
    public Verdict verify(String token, String familyId, JsonNode data, Instant acceptedAt) {
        try {
            if (!TYPE.equals(Optional.ofNullable(SignedJWT.parse(token).getHeader().getType())
                    .map(JOSEObjectType::getType).orElse(null))) {
                return new Refused("not-a-declaration"); // an access token, or another kind of token
            }
        } catch (ParseException | RuntimeException e) {
            return refused(JwtUsers.Reason.MALFORMED);
        }
        JWTClaimsSet claims;
        try {
            SimpleSecurityContext context = new SimpleSecurityContext();
            context.put(AT, acceptedAt);
            claims = processor.process(token, context);
        } catch (ParseException e) {
            return refused(JwtUsers.Reason.MALFORMED);
        } catch (BadJOSEException e) {
            return refused(JwtUsers.reason(e));
        } catch (JOSEException e) {
            return refused(e instanceof KeySourceException ? JwtUsers.Reason.KEYS_UNAVAILABLE
                    : JwtUsers.Reason.ALGORITHM_OR_KEY);
        } catch (RuntimeException e) {
            return refused(JwtUsers.Reason.MALFORMED);
        }
        try {
            if (!familyId.equals(claims.getStringClaim(FAMILY))
                    || !data.path("authorityId").asText().equals(claims.getStringClaim(AUTHORITY))
                    || !authoritySha256(data).equals(claims.getStringClaim(AUTHORITY_SHA256))) {
                return new Refused("not-bound");
            }
        } catch (ParseException e) {
            return new Refused("not-bound");
        }
        if (Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())
                .compareTo(MAX_LIFETIME) > 0) {
            return new Refused("too-long-lived");
        }
        try {
            return new Declared(JwtUsers.user(claims));
        } catch (JwtUsers.Refused e) {
            return refused(e.reason());
        }
    }

    /**
     * What a declaration is bound to: the SHA-256 (lower-case hex) of the RFC 8785 canonical form of
     * the authority's data without {@code emergency.declaration}.
     */
    public static String authoritySha256(JsonNode data) {
        JsonNode bound = data.deepCopy();
        if (bound.path("emergency").isObject()) {
            ((ObjectNode) bound.get("emergency")).remove("declaration");
        }
        return Digests.hex(Digests.sha256(Jcs.canonicalize(bound)));
    }

    private static Refused refused(JwtUsers.Reason reason) {
        return new Refused(reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
