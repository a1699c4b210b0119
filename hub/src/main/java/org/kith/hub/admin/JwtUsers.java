package org.kith.hub.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.JwtSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users signed in through the partnership's identity provider, so people are added, removed and
 * given roles there rather than in the hub's users file. A bearer JWT is accepted only when signed
 * with one of the provider's keys by an allowed algorithm, issued by the configured issuer for this
 * hub's audience, and within its lifetime on the hub's clock; {@code sub} is the user id,
 * {@code roles} its role codes and the optional {@code kith_agencies} its scope. A refused token is
 * logged by reason only: never the token, never what it claims.
 */
public final class JwtUsers implements Authenticator {

    /**
     * The signature algorithms accepted: never {@code none}, never an HMAC (whose secret an attacker
     * would take from the public key). EdDSA is left out: nimbus verifies it only through Google
     * Tink, which the hub does not ship.
     */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** The claim holding the user's role codes, e.g. {@code ["auditor"]}. */
    public static final String ROLES = "roles";
    /** The claim holding the partner ids of the agencies the user is scoped to; absent: every family. */
    public static final String AGENCIES = "kith_agencies";
    private static final Set<String> REQUIRED = Set.of("sub", "exp", "iat");
    private static final Logger LOG = LoggerFactory.getLogger(JwtUsers.class);

    /** Why a token was refused; what is logged instead of the token. */
    enum Reason { MALFORMED, ALGORITHM_OR_KEY, SIGNATURE, EXPIRED, CLAIMS, USER, KEYS_UNAVAILABLE }

    /** A refusal carrying only its reason (no message, no stack: nothing of the token can leak through it). */
    static final class Refused extends Exception {
        private final Reason reason;

        Refused(Reason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtUsers(JWKSource<SecurityContext> keys, String issuer, String audience, Clock clock) {
        // plain JWTs and access tokens (RFC 9068) both; an ID token's typ is usually JWT or absent
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new OnClock<>(issuer, audience, clock));
    }

    /** From the settings: the key set read once from a file, or fetched from an https URL and cached. */
    public static JwtUsers load(JwtSettings settings, Clock clock) {
        return new JwtUsers(keys(settings), settings.issuer(), settings.audience(), clock);
    }

    /** The provider's keys: a JWKS file read once, or an https URL fetched and cached. */
    static JWKSource<SecurityContext> keys(JwtSettings settings) {
        String option = HubOption.ADMIN_JWT_JWKS.key();
        if (settings.remote()) {
            try {
                return JWKSourceBuilder.create(URI.create(settings.jwks()).toURL()).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " is not a URL: '" + settings.jwks() + "'", e);
            }
        }
        JWKSet set;
        try {
            set = JWKSet.load(Path.of(settings.jwks()).toFile()).toPublicJWKSet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + option + " " + settings.jwks(), e);
        } catch (ParseException e) {
            throw new IllegalArgumentException(option + " is not a JWK set: " + e.getMessage(), e);
        }
        if (set.getKeys().stream().noneMatch(key -> ALGORITHMS.stream()
                .anyMatch(algorithm -> JWKMatcher.forJWSHeader(new JWSHeader(algorithm)).matches(key)))) {
            throw new IllegalArgumentException(option + " holds no RSA or P-256 EC signing key (accepted: "
                    + ALGORITHMS + ")");
        }
        return new ImmutableJWKSet<>(set);
    }

    @Override
    public Optional<User> authenticate(String bearer) {
        try {
            return Optional.of(verify(bearer));
        } catch (Refused e) {
            if (e.reason() == Reason.KEYS_UNAVAILABLE) {
                LOG.warn("JWT refused: the identity provider's keys could not be fetched");
            } else {
                LOG.info("JWT refused: {}", e.reason());
            }
            return Optional.empty();
        }
    }

    /** The token's user, or the reason it is refused. */
    User verify(String bearer) throws Refused {
        JWTClaimsSet claims;
        try {
            claims = processor.process(bearer, null);
        } catch (ParseException e) {
            throw new Refused(Reason.MALFORMED);
        } catch (BadJOSEException e) {
            throw new Refused(reason(e));
        } catch (JOSEException e) {
            throw new Refused(e instanceof KeySourceException ? Reason.KEYS_UNAVAILABLE : Reason.ALGORITHM_OR_KEY);
        }
        return user(claims);
    }

    /** Nimbus says why by the exception's type: expired, other claims, the signature, or no allowed algorithm and key. */
    static Reason reason(BadJOSEException e) {
        if (e instanceof ExpiredJWTException) {
            return Reason.EXPIRED;
        }
        if (e instanceof BadJWTException) {
            return Reason.CLAIMS;
        }
        return e instanceof BadJWSException ? Reason.SIGNATURE : Reason.ALGORITHM_OR_KEY;
    }

    /** The user the verified claims describe; an unknown role code or a malformed scope refuses the token. */
    static User user(JWTClaimsSet claims) throws Refused {
        try {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String code : Optional.ofNullable(claims.getStringListClaim(ROLES)).orElse(List.of())) {
                roles.add(Role.fromCode(code));
            }
            List<String> scope = claims.getStringListClaim(AGENCIES);
            if (scope != null && scope.isEmpty()) {
                // an empty scope must not become "every family"
                throw new Refused(Reason.USER);
            }
            return new User(claims.getSubject(), roles, Optional.empty(), scope == null ? Set.of() : Set.copyOf(scope));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw new Refused(Reason.USER);
        }
    }

    /** Exact issuer, this hub's audience, sub, exp and iat required, and time read from the hub's clock. */
    static final class OnClock<C extends SecurityContext> extends DefaultJWTClaimsVerifier<C> {
        private final Clock clock;

        OnClock(String issuer, String audience, Clock clock) {
            this(issuer, audience, clock, Set.of());
        }

        /** With {@code alsoRequired} claims besides sub, exp and iat. */
        OnClock(String issuer, String audience, Clock clock, Set<String> alsoRequired) {
            // nimbus asks these sets whether they contain null, which Set.of answers with an exception
            super(new HashSet<>(Set.of(audience)), new JWTClaimsSet.Builder().issuer(issuer).build(),
                    required(alsoRequired), null);
            this.clock = clock;
        }

        private static Set<String> required(Set<String> alsoRequired) {
            Set<String> required = new HashSet<>(REQUIRED);
            required.addAll(alsoRequired);
            return required;
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }
    }
}
