package org.kith.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.config.JwtSettings;

/** The identity provider's tokens: what is accepted, and each way a token is refused, with its reason. */
class JwtUsersTest {

    @TempDir
    Path dir;
    private IdentityProvider idp;
    private JwtUsers users;

    @BeforeEach
    void provider() throws Exception {
        idp = new IdentityProvider(dir);
        users = idp.users();
    }

    @Test
    void aValidRs256TokenIsTheUserWithItsRolesAndScope() throws Exception {
        User user = users.authenticate(idp.rs256(IdentityProvider.claims().build())).orElseThrow();
        assertEquals("u-4821", user.id());
        assertEquals(Set.of(Role.AUDITOR), user.roles());
        assertEquals(Set.of("north-county-cw"), user.agencies());
        assertEquals(Optional.empty(), user.tokenSha256());
    }

    @Test
    void aValidEs256TokenWithoutAScopeIsAnUnscopedUser() throws Exception {
        var claims = IdentityProvider.claims().claim(JwtUsers.AGENCIES, null)
                .claim(JwtUsers.ROLES, List.of("administrator", "consent-officer")).build();
        User user = users.authenticate(idp.es256(claims)).orElseThrow();
        assertEquals(Set.of(Role.ADMINISTRATOR, Role.CONSENT_OFFICER), user.roles());
        assertTrue(user.agencies().isEmpty());
    }

    @Test
    void timeIsTheHubsClockWithAMinuteOfSkew() throws Exception {
        var now = IdentityProvider.NOW;
        assertRefused(JwtUsers.Reason.EXPIRED, idp.rs256(IdentityProvider.claims()
                .expirationTime(Date.from(now.minusSeconds(61))).build()));
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims()
                .notBeforeTime(Date.from(now.plusSeconds(300))).build()));
        // a minute's drift between the provider and the hub is tolerated
        assertTrue(users.authenticate(idp.rs256(IdentityProvider.claims()
                .expirationTime(Date.from(now.minusSeconds(30))).build())).isPresent());
    }

    @Test
    void issuerAndAudienceMustBeExactlyTheConfiguredOnes() throws Exception {
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims().issuer("https://idp.example.org/realms/other").build()));
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims().issuer(null).build()));
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims().audience("another-service").build()));
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims().audience((String) null).build()));
    }

    @Test
    void subExpAndIatAreRequired() throws Exception {
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims().subject(null).build()));
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims().expirationTime(null).build()));
        assertRefused(JwtUsers.Reason.CLAIMS, idp.rs256(IdentityProvider.claims().issueTime(null).build()));
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        assertRefused(JwtUsers.Reason.ALGORITHM_OR_KEY, new PlainJWT(IdentityProvider.claims().build()).serialize());
        // alg none with a signature part attached
        String signed = idp.rs256(IdentityProvider.claims().build());
        String none = Base64URL.encode("{\"alg\":\"none\"}") + signed.substring(signed.indexOf('.'));
        assertFalse(users.authenticate(none).isPresent());
    }

    @Test
    void hs256WithThePublicKeyAsTheSecretIsRefused() throws Exception {
        byte[] publicKey = idp.rsa.toRSAPublicKey().getEncoded();
        String confused = IdentityProvider.sign(IdentityProvider.claims().build(), JWSAlgorithm.HS256,
                idp.rsa.getKeyID(), new MACSigner(publicKey));
        assertRefused(JwtUsers.Reason.ALGORITHM_OR_KEY, confused);
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        var impostor = new RSAKeyGenerator(2048).keyID(idp.rsa.getKeyID()).generate();
        assertRefused(JwtUsers.Reason.SIGNATURE, IdentityProvider.sign(IdentityProvider.claims().build(),
                JWSAlgorithm.RS256, impostor.getKeyID(), new RSASSASigner(impostor)));
        var unknownKid = new RSAKeyGenerator(2048).keyID("rsa-9").generate();
        assertRefused(JwtUsers.Reason.ALGORITHM_OR_KEY, IdentityProvider.sign(IdentityProvider.claims().build(),
                JWSAlgorithm.RS256, unknownKid.getKeyID(), new RSASSASigner(unknownKid)));
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        String[] parts = idp.rs256(IdentityProvider.claims().build()).split("\\.");
        String administrator = Base64URL.encode(IdentityProvider.claims().claim(JwtUsers.ROLES, List.of("administrator"))
                .build().toString()).toString();
        assertRefused(JwtUsers.Reason.SIGNATURE, parts[0] + "." + administrator + "." + parts[2]);
    }

    @Test
    void whatTheClaimsSayOfTheUserMustMakeSense() throws Exception {
        for (var claims : List.of(
                IdentityProvider.claims().claim(JwtUsers.ROLES, List.of("auditor", "superuser")),
                IdentityProvider.claims().claim(JwtUsers.ROLES, null),
                IdentityProvider.claims().claim(JwtUsers.ROLES, List.of()),
                IdentityProvider.claims().claim(JwtUsers.ROLES, "auditor"),
                IdentityProvider.claims().subject("Ana Rivera"),
                IdentityProvider.claims().claim(JwtUsers.AGENCIES, List.of()),
                IdentityProvider.claims().claim(JwtUsers.AGENCIES, "north-county-cw"),
                IdentityProvider.claims().claim(JwtUsers.AGENCIES, List.of("North County")))) {
            assertRefused(JwtUsers.Reason.USER, idp.rs256(claims.build()));
        }
    }

    @Test
    void garbageIsMalformed() {
        assertRefused(JwtUsers.Reason.MALFORMED, "abc.def.ghi");
    }

    @Test
    void eddsaIsNotAcceptedEvenWithItsKeyInTheSet() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x = Arrays.copyOfRange(pair.getPublic().getEncoded(), 12, 44);
        var okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID("ed-1").build();
        Path jwks = Files.writeString(dir.resolve("with-ed.json"),
                new JWKSet(List.of(idp.rsa.toPublicJWK(), okp)).toString());
        var withEd = JwtUsers.load(new JwtSettings(jwks.toString(), IdentityProvider.ISSUER, IdentityProvider.AUDIENCE),
                IdentityProvider.CLOCK);
        String input = Base64URL.encode("{\"alg\":\"EdDSA\",\"kid\":\"ed-1\"}") + "."
                + Base64URL.encode(IdentityProvider.claims().build().toString());
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(pair.getPrivate());
        ed25519.update(input.getBytes(StandardCharsets.US_ASCII));
        String token = input + "." + Base64URL.encode(ed25519.sign());
        var refused = assertThrows(JwtUsers.Refused.class, () -> withEd.verify(token));
        assertEquals(JwtUsers.Reason.ALGORITHM_OR_KEY, refused.reason());

        Path onlyEd = Files.writeString(dir.resolve("only-ed.json"), new JWKSet(okp).toString());
        var e = assertThrows(IllegalArgumentException.class, () -> JwtUsers.load(
                new JwtSettings(onlyEd.toString(), IdentityProvider.ISSUER, IdentityProvider.AUDIENCE), IdentityProvider.CLOCK));
        assertTrue(e.getMessage().startsWith("kith.admin.jwt.jwks holds no RSA or P-256 EC signing key"), e.getMessage());
    }

    @Test
    void keysThatCannotBeFetchedRefuseTheToken() throws Exception {
        // nothing listens on port 1 of this machine: the fetch fails at once, without leaving it
        var unreachable = JwtUsers.load(new JwtSettings("https://127.0.0.1:1/jwks", IdentityProvider.ISSUER,
                IdentityProvider.AUDIENCE), IdentityProvider.CLOCK);
        var refused = assertThrows(JwtUsers.Refused.class,
                () -> unreachable.verify(idp.rs256(IdentityProvider.claims().build())));
        assertEquals(JwtUsers.Reason.KEYS_UNAVAILABLE, refused.reason());
    }

    @Test
    void aJwksFileThatIsNotOneStopsStartUp() throws Exception {
        Path notJwks = Files.writeString(dir.resolve("not.json"), "{\"users\": []}");
        var e = assertThrows(IllegalArgumentException.class, () -> JwtUsers.load(
                new JwtSettings(notJwks.toString(), IdentityProvider.ISSUER, IdentityProvider.AUDIENCE), IdentityProvider.CLOCK));
        assertTrue(e.getMessage().startsWith("kith.admin.jwt.jwks is not a JWK set"), e.getMessage());
    }

    private void assertRefused(JwtUsers.Reason reason, String token) {
        var refused = assertThrows(JwtUsers.Refused.class, () -> users.verify(token));
        assertEquals(reason, refused.reason());
        assertFalse(users.authenticate(token).isPresent());
    }
}
