package org.kith.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which way a bearer goes: the identity provider's JWTs and the users file's opaque tokens side by side. */
class AdminUsersTest {

    @TempDir
    Path dir;
    private IdentityProvider idp;

    @BeforeEach
    void provider() throws Exception {
        idp = new IdentityProvider(dir);
    }

    @Test
    void opaqueTokensStillWorkAlongsideJwt() throws Exception {
        var users = new AdminUsers(IdentityProvider.tokenUser("ops-on-call", "opaque-ops-token"), Optional.of(idp.users()));
        assertEquals("ops-on-call", users.authenticate("opaque-ops-token").orElseThrow().id());
        assertEquals("u-4821", users.authenticate(idp.rs256(IdentityProvider.claims().build())).orElseThrow().id());
        assertFalse(users.authenticate("not-a-token").isPresent());
    }

    @Test
    void withoutJwtConfiguredAJwtIsJustAnUnknownOpaqueToken() throws Exception {
        var users = new AdminUsers(IdentityProvider.tokenUser("ops-on-call", "opaque-ops-token"), Optional.empty());
        assertFalse(users.authenticate(idp.rs256(IdentityProvider.claims().build())).isPresent());
        assertTrue(users.authenticate("opaque-ops-token").isPresent());
    }

    @Test
    void aJwtShapedBearerIsNeverLookedUpAsAnOpaqueTokenWhenJwtIsOn() {
        String shaped = "aaaa.bbbb.cccc";
        var file = IdentityProvider.tokenUser("legacy", shaped);
        assertTrue(new AdminUsers(file, Optional.empty()).authenticate(shaped).isPresent());
        assertFalse(new AdminUsers(file, Optional.of(idp.users())).authenticate(shaped).isPresent());
    }
}
