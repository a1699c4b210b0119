package org.kith.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.config.PartnerRegistry;

/** Users' agency scopes: who may act on which family, and how the users file declares it. */
class UserTest {

    private static final String HASH = PartnerRegistry.sha256("token");

    @Test
    void anUnscopedUserCoversEveryFamilyEvenOneWithoutAResponsibleAgency() {
        var user = new User("audit-office", Set.of(Role.AUDITOR), HASH);
        assertTrue(user.agencies().isEmpty());
        assertTrue(user.covers(Optional.of("north-county-cw")));
        assertTrue(user.covers(Optional.empty()));
    }

    @Test
    void aScopedUserCoversOnlyFamiliesOfItsAgencies() {
        var user = new User("u-4821", Set.of(Role.CONSENT_OFFICER), Optional.empty(),
                Set.of("north-county-cw", "south-county-cw"));
        assertTrue(user.covers(Optional.of("north-county-cw")));
        assertTrue(user.covers(Optional.of("south-county-cw")));
        assertFalse(user.covers(Optional.of("east-county-cw")));
        assertFalse(user.covers(Optional.empty()), "a family with no known responsible agency is outside every scope");
    }

    @Test
    void anAgencyIsAPartnerId() {
        assertThrows(IllegalArgumentException.class,
                () -> new User("u-1", Set.of(Role.AUDITOR), Optional.empty(), Set.of("North County")));
    }

    @Test
    void theUsersFileDeclaresScopes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("users.json"), """
                {"users": [
                  {"id": "ops-on-call", "roles": ["operator"], "tokenSha256": "%s"},
                  {"id": "north-officer", "roles": ["consent-officer"], "tokenSha256": "%s", "agencies": ["north-county-cw"]}
                ]}""".formatted(HASH, PartnerRegistry.sha256("north")));
        var users = UserRegistry.load(file);
        assertTrue(users.authenticate("token").orElseThrow().agencies().isEmpty());
        assertEquals(Set.of("north-county-cw"), users.authenticate("north").orElseThrow().agencies());
    }

    @Test
    void anEmptyOrMistypedScopeIsRefusedNotReadAsEveryFamily(@TempDir Path dir) throws Exception {
        for (String agencies : new String[] {"[]", "\"north-county-cw\""}) {
            Path file = Files.writeString(dir.resolve("users.json"), """
                    {"users": [{"id": "north-officer", "roles": ["auditor"], "tokenSha256": "%s", "agencies": %s}]}"""
                    .formatted(HASH, agencies));
            var e = assertThrows(IllegalArgumentException.class, () -> UserRegistry.load(file));
            assertTrue(e.getMessage().contains("agencies must be a non-empty array"), e.getMessage());
        }
    }

    @Test
    void aUserOfTheFileNeedsAToken() {
        assertThrows(IllegalArgumentException.class, () -> new UserRegistry(
                java.util.List.of(new User("u-1", Set.of(Role.AUDITOR), Optional.empty(), Set.of()))));
    }
}
