package org.kith.hub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.schemas.PartnerKind;

class PartnerRegistryTest {

    @Test
    void aTokenIdentifiesItsPartnerByHashOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("partners.json");
        Files.writeString(file, """
                {"partners": [
                  {"id": "county-cw", "kind": "child-welfare", "tokenSha256": "%s"},
                  {"id": "family-court", "kind": "court", "webhook": "https://court.example/kith"}
                ]}""".formatted(PartnerRegistry.sha256("s3cret")));
        PartnerRegistry registry = PartnerRegistry.load(file);

        assertEquals(Optional.of("county-cw"), registry.partnerForToken("s3cret"));
        assertEquals(Optional.empty(), registry.partnerForToken("s3cret "));
        assertEquals(Optional.empty(), registry.partnerForToken(PartnerRegistry.sha256("s3cret")));
        assertEquals(PartnerKind.COURT, registry.find("family-court").orElseThrow().kind());
        assertEquals(2, registry.all().size());
    }

    @Test
    void malformedEntriesAreRefusedWithTheirId() {
        assertThrows(IllegalArgumentException.class,
                () -> new Partner("County CW", PartnerKind.CHILD_WELFARE, null, null, Optional.empty()));
        var badHash = assertThrows(IllegalArgumentException.class,
                () -> new Partner("county-cw", PartnerKind.CHILD_WELFARE, null, "plain-token", Optional.empty()));
        assertEquals("tokenSha256 of partner county-cw is not a hex SHA-256", badHash.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Partner("clinic", PartnerKind.MENTAL_HEALTH, null, null, Optional.of(java.net.URI.create("ftp://x/"))));
        assertThrows(IllegalArgumentException.class, () -> PartnerKind.fromCode("astrologer"));
    }

    @Test
    void aPartnerIdOrTokenCannotBeRegisteredTwice() {
        String hash = PartnerRegistry.sha256("t");
        assertThrows(IllegalArgumentException.class, () -> new PartnerRegistry(List.of(
                new Partner("a", PartnerKind.SCHOOL, null, null, Optional.empty()),
                new Partner("a", PartnerKind.COURT, null, null, Optional.empty()))));
        assertThrows(IllegalArgumentException.class, () -> new PartnerRegistry(List.of(
                new Partner("a", PartnerKind.SCHOOL, null, hash, Optional.empty()),
                new Partner("b", PartnerKind.COURT, null, hash, Optional.empty()))));
    }
}
