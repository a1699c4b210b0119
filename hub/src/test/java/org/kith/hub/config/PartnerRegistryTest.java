package org.kith.hub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.crypto.VerificationKey;
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
    void aPartnersSigningKeysAreAJwksWithRetiredKeysKept(@TempDir Path dir) throws Exception {
        VerificationKey retired = SigningKey.fromSeed(new byte[32]).publicKey().retiredAt(Instant.parse("2026-06-01T00:00:00Z"));
        VerificationKey active = SigningKey.fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}).publicKey();
        Path file = dir.resolve("partners.json");
        Files.writeString(file, """
                {"partners": [{"id": "county-cw", "kind": "child-welfare", "publicKeys": %s},
                              {"id": "family-court", "kind": "court"}]}""".formatted(Jwks.write(PublicKeys.of(retired, active))));
        PartnerRegistry registry = PartnerRegistry.load(file);

        PublicKeys keys = registry.find("county-cw").orElseThrow().publicKeys();
        assertEquals(retired, keys.find(retired.kid()).orElseThrow());
        assertEquals(active, keys.find(active.kid()).orElseThrow());
        assertTrue(registry.find("family-court").orElseThrow().publicKeys().all().isEmpty());

        Files.writeString(file, """
                {"partners": [{"id": "county-cw", "kind": "child-welfare",
                               "publicKeys": {"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "not-its-kid", "x": "%s"}]}}]}"""
                .formatted(Digests.base64Url(active.raw())));
        var e = assertThrows(IllegalArgumentException.class, () -> PartnerRegistry.load(file));
        assertTrue(e.getMessage().startsWith("publicKeys of partner county-cw: "), e.getMessage());
    }

    /** What the config topic holds of a partner reads back as the same partner, every field kept (credentials change only what they say). */
    @Test
    void anEntryReadsBackAsItsPartnerAndCredentialChangesKeepEveryOtherField() {
        Partner partner = new Partner("county-court", PartnerKind.fromCode("court"), "County Court",
                Digests.hex(new byte[32]), Optional.of(java.net.URI.create("https://court.example/kith")),
                PublicKeys.of(SigningKey.fromSeed(new byte[32]).publicKey()), Optional.of("it@court.example"),
                java.util.Set.of("1f", "a0"), Optional.empty(),
                Optional.of(java.net.URI.create("sftp://kith@sftp.court.example:22/outgoing")));
        var entry = PartnerRegistry.entry(partner);
        assertEquals(List.of("id", "kind", "name", "contact", "tokenSha256", "webhook", "publicKeys", "certificates",
                "sftp"), java.util.stream.StreamSupport.stream(((Iterable<String>) entry::fieldNames).spliterator(), false)
                .toList());
        assertEquals(entry, PartnerRegistry.entry(PartnerRegistry.partner(entry)));

        Partner reissued = partner.withCredentials(null, java.util.Set.of("b1"));
        assertEquals(List.of(partner.sftp(), partner.contact(), partner.webhook()),
                List.of(reissued.sftp(), reissued.contact(), reissued.webhook()));
        Partner revoked = reissued.revokedAt(Instant.parse("2026-11-29T08:00:00Z"));
        assertTrue(revoked.revoked() && revoked.tokenSha256() == null && revoked.certificates().isEmpty());
        assertEquals(PartnerRegistry.entry(revoked), PartnerRegistry.entry(PartnerRegistry.partner(PartnerRegistry.entry(revoked))));
        assertEquals("2026-11-29T08:00:00Z", PartnerRegistry.entry(revoked).get("revokedAt").asText());
        assertEquals(Optional.empty(), new PartnerRegistry(List.of(revoked)).find("county-court"), "revoked: no lookup finds it");
        assertTrue(new PartnerRegistry(List.of(revoked)).registration("county-court").orElseThrow().revoked());
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
    void anSftpLocationIsReadAndMustBeAKeyLoginSftpUri() throws Exception {
        var json = org.kith.schemas.Json.mapper();
        Partner court = PartnerRegistry.partner(json.readTree(
                "{\"id\": \"family-court\", \"kind\": \"court\", \"sftp\": \"sftp://kith@files.court.example:2222/outbox\"}"));
        assertEquals(Optional.of(java.net.URI.create("sftp://kith@files.court.example:2222/outbox")), court.sftp());
        assertEquals(Optional.empty(), new Partner("school", PartnerKind.SCHOOL, null, null, Optional.empty()).sftp());
        for (String bad : List.of("ftp://kith@files.court.example/outbox", "sftp://files.court.example/outbox",
                "sftp://kith:secret@files.court.example/outbox", "sftp://kith@files.court.example/outbox?x=1")) {
            assertThrows(IllegalArgumentException.class, () -> PartnerRegistry.partner(json.readTree(
                    "{\"id\": \"family-court\", \"kind\": \"court\", \"sftp\": \"" + bad + "\"}")), bad);
        }
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
