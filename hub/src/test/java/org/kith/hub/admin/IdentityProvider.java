package org.kith.hub.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.kith.hub.config.JwtSettings;

/**
 * A stand-in identity provider for tests: real RSA 2048 and P-256 keys, its public JWKS written to a
 * file, and tokens signed as a provider would sign them. The hub's clock is fixed in the past, so a
 * token valid on it would be expired on the wall clock: the hub's clock is the one that counts.
 */
final class IdentityProvider {

    static final String ISSUER = "https://idp.example.org/realms/kith";
    static final String AUDIENCE = "kith-admin";
    static final Instant NOW = Instant.parse("2021-06-01T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final RSAKey rsa;
    final ECKey ec;
    final Path jwks;

    IdentityProvider(Path dir) throws JOSEException, IOException {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
    }

    JwtUsers users() {
        return JwtUsers.load(new JwtSettings(jwks.toString(), ISSUER, AUDIENCE), CLOCK);
    }

    /** Claims a provider would issue: an auditor scoped to one agency, issued now, for five minutes. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("u-4821")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)))
                .claim(JwtUsers.ROLES, List.of("auditor")).claim(JwtUsers.AGENCIES, List.of("north-county-cw"));
    }

    String rs256(JWTClaimsSet claims) throws JOSEException {
        return sign(claims, JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa));
    }

    String es256(JWTClaimsSet claims) throws JOSEException {
        return sign(claims, JWSAlgorithm.ES256, ec.getKeyID(), new ECDSASigner(ec));
    }

    static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, String keyId, JWSSigner signer) throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** The provider's settings as the hub takes them ({@code kith.admin.jwt.*}). */
    JwtSettings settings() {
        return new JwtSettings(jwks.toString(), ISSUER, AUDIENCE);
    }

    /**
     * A declaration of the child-safety emergency {@code authority} for {@code familyId} by {@code user},
     * holding {@code roles}, issued at {@code issued} for five minutes ({@link EmergencyDeclarations}).
     */
    static JWTClaimsSet.Builder declarationClaims(String user, List<String> roles, String familyId,
                                                  com.fasterxml.jackson.databind.JsonNode authority, Instant issued) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(user)
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(300)))
                .claim(JwtUsers.ROLES, roles).claim(EmergencyDeclarations.FAMILY, familyId)
                .claim(EmergencyDeclarations.AUTHORITY, authority.path("authorityId").asText())
                .claim(EmergencyDeclarations.AUTHORITY_SHA256, EmergencyDeclarations.authoritySha256(authority));
    }

    /** {@code claims} signed RS256 as a declaration: typed {@value EmergencyDeclarations#TYPE}. */
    String declaration(JWTClaimsSet claims) throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID())
                .type(new com.nimbusds.jose.JOSEObjectType(EmergencyDeclarations.TYPE)).build(), claims);
        jwt.sign(new RSASSASigner(rsa));
        return jwt.serialize();
    }

    /** The users file's side: an opaque token's user, alongside the provider's. */
    static UserRegistry tokenUser(String id, String token) {
        return new UserRegistry(List.of(new User(id, java.util.Set.of(Role.OPERATOR),
                Optional.of(org.kith.hub.config.PartnerRegistry.sha256(token)), java.util.Set.of())));
    }
}
