package org.kith.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.demo.DemoMessages;
import org.kith.schemas.Json;

/**
 * A declaration of a child-safety emergency carried by a message: the person it names is believed
 * only for the family and the very authority it is bound to, within its few minutes, and it opens
 * nothing at the administration API.
 */
class EmergencyDeclarationsTest {

    private static final Instant NOW = IdentityProvider.NOW;
    private static final List<String> ON_CALL = List.of("emergency");

    @TempDir
    Path dir;
    private IdentityProvider provider;
    private EmergencyDeclarations declarations;
    private JsonNode authority;

    @BeforeEach
    void provider() throws Exception {
        provider = new IdentityProvider(dir);
        declarations = EmergencyDeclarations.load(provider.settings());
        authority = Json.mapper().readTree(DemoMessages.emergency("county-cw", "F-1", "EM-1", "riverside-clinic", NOW))
                .get("data");
    }

    private String declared(String user, List<String> roles, String family, JsonNode data, Instant issued)
            throws Exception {
        return provider.declaration(IdentityProvider.declarationClaims(user, roles, family, data, issued).build());
    }

    @Test
    void aDeclarationBoundToThisFamilyAndAuthorityNamesItsPersonWithTheirRoles() throws Exception {
        var verdict = declarations.verify(declared("u-4821", ON_CALL, "F-1", authority, NOW), "F-1", authority, NOW);

        User user = assertInstanceOf(EmergencyDeclarations.Declared.class, verdict).user();
        assertEquals("u-4821", user.id());
        assertEquals(Set.of(Role.EMERGENCY), user.roles());
    }

    @Test
    void itCannotBeReplayedForAnotherFamilyOrAnotherOrAlteredAuthority() throws Exception {
        String token = declared("u-4821", ON_CALL, "F-1", authority, NOW);
        assertEquals("not-bound", reason(declarations.verify(token, "F-2", authority, NOW)), "another family");

        ObjectNode wider = authority.deepCopy();
        wider.withArray("recipients").add("lakeside-housing");
        assertEquals("not-bound", reason(declarations.verify(token, "F-1", wider, NOW)), "more recipients");
        ObjectNode other = ((ObjectNode) authority.deepCopy()).put("authorityId", "EM-2");
        assertEquals("not-bound", reason(declarations.verify(token, "F-1", other, NOW)), "another authority");

        ObjectNode carried = authority.deepCopy();
        ((ObjectNode) carried.get("emergency")).put("declaration", token);
        assertInstanceOf(EmergencyDeclarations.Declared.class, declarations.verify(token, "F-1", carried, NOW),
                "the authority carrying its own declaration is the authority it was bound to");
    }

    @Test
    void itIsShortLivedAndCheckedAtTheTimeTheHubAcceptedTheMessage() throws Exception {
        String token = declared("u-4821", ON_CALL, "F-1", authority, NOW);
        assertInstanceOf(EmergencyDeclarations.Declared.class,
                declarations.verify(token, "F-1", authority, NOW.plusSeconds(299)));
        assertEquals("expired", reason(declarations.verify(token, "F-1", authority, NOW.plusSeconds(400))));

        String longLived = provider.declaration(IdentityProvider.declarationClaims("u-4821", ON_CALL, "F-1", authority, NOW)
                .expirationTime(Date.from(NOW.plus(EmergencyDeclarations.MAX_LIFETIME).plusSeconds(60))).build());
        assertEquals("too-long-lived", reason(declarations.verify(longLived, "F-1", authority, NOW)));
    }

    @Test
    void anAccessTokenIsNoDeclarationAndADeclarationIsNoAccessToken() throws Exception {
        String access = provider.rs256(IdentityProvider.declarationClaims("u-4821", ON_CALL, "F-1", authority, NOW).build());
        assertEquals("not-a-declaration", reason(declarations.verify(access, "F-1", authority, NOW)));

        String declaration = declared("u-4821", ON_CALL, "F-1", authority, NOW);
        assertTrue(provider.users().authenticate(declaration).isEmpty(), "the administration API refuses it");
    }

    @Test
    void itMustBeTheProvidersSignatureAndAWellFormedToken() throws Exception {
        String token = declared("u-4821", ON_CALL, "F-1", authority, NOW);
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertEquals("signature", reason(declarations.verify(tampered, "F-1", authority, NOW)));
        assertEquals("malformed", reason(declarations.verify("not a token", "F-1", authority, NOW)));

        var stranger = new IdentityProvider(java.nio.file.Files.createDirectories(dir.resolve("stranger")));
        String foreign = stranger.declaration(IdentityProvider.declarationClaims("u-4821", ON_CALL, "F-1", authority, NOW)
                .build());
        assertEquals("signature", reason(declarations.verify(foreign, "F-1", authority, NOW)),
                "signed by another provider's key under the same key id");
    }

    private static String reason(EmergencyDeclarations.Verdict verdict) {
        return assertInstanceOf(EmergencyDeclarations.Refused.class, verdict).reason();
    }
}
