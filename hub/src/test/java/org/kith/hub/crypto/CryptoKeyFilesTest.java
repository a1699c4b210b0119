package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.testing.SteppingClock;

/** The key directory: passphrase-encrypted PKCS#8, public keys, key ring, rotation, the authority's files. */
class CryptoKeyFilesTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T14:00:00Z"));
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path data;

    private KeyDirectory keys() {
        return KeyDirectory.in(data).withScryptCost(1 << 10);
    }

    @Test
    void initWritesEncryptedKeysThatLoadWithThePassphrase() throws IOException {
        KeyRing created = KeyDirectory.in(data).init(PASSPHRASE, clock, random); // the real scrypt cost, once
        String kid = created.active().kid();
        Path keyFile = data.resolve("keys/hub-" + kid + ".key.pem");
        String pem = Files.readString(keyFile);
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertTrue(Files.readString(data.resolve("keys/hub-" + kid + ".pub.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertTrue(Files.readString(data.resolve("keys/ca.key.pem")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertTrue(Files.readString(data.resolve("keys/ca.cert.pem")).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(Files.readString(data.resolve("keys/ca.crl.pem")).startsWith("-----BEGIN X509 CRL-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        KeyRing loaded = KeyDirectory.in(data).load(PASSPHRASE, clock);
        assertEquals(kid, loaded.active().kid());
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        assertTrue(DetachedJws.verify(DetachedJws.sign(loaded, body), body, created).isValid());
        assertThrows(KeyFileException.class, () -> KeyDirectory.in(data).init(PASSPHRASE, clock, random));
    }

    @Test
    void aWrongPassphraseIsRefusedWithoutSayingMore() {
        keys().init(PASSPHRASE, clock, random);
        KeyFileException e = assertThrows(KeyFileException.class, () -> keys().load("wrong".toCharArray(), clock));
        assertEquals("wrong passphrase, or the key file is damaged", e.getMessage());
        assertThrows(KeyFileException.class, () -> keys().authority("wrong".toCharArray(), clock, random));
    }

    @Test
    void rotationRetiresTheKeyDeletesItsPrivateFileAndKeepsItsPublicOne() {
        KeyRing first = keys().init(PASSPHRASE, clock, random);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signedBefore = DetachedJws.sign(first, body);
        clock.step(Duration.ofDays(90));
        KeyRing second = keys().rotate(PASSPHRASE, clock, random);
        String oldKid = first.active().kid();

        assertFalse(Files.exists(data.resolve("keys/hub-" + oldKid + ".key.pem")));
        assertTrue(Files.exists(data.resolve("keys/hub-" + oldKid + ".pub.pem")));
        KeyRing reloaded = keys().load(PASSPHRASE, clock);
        assertEquals(second.active().kid(), reloaded.active().kid());
        assertEquals(clock.instant(), reloaded.find(oldKid).orElseThrow().retiredAt().orElseThrow());
        assertTrue(DetachedJws.verify(signedBefore, body, reloaded).isValid());
        assertTrue(DetachedJws.verify(signedBefore, body, keys().publicKeys()).isValid(), "no passphrase needed to verify");
        String late = DetachedJws.sign(first.active(), clock.instant().plusSeconds(1), body);
        assertEquals(new JwsVerification.Invalid(JwsVerification.Reason.RETIRED_KEY), DetachedJws.verify(late, body, keys().publicKeys()));
    }

    @Test
    void aSwappedPublicKeyFileIsDetected() throws IOException {
        KeyRing ring = keys().init(PASSPHRASE, clock, random);
        Path pub = data.resolve("keys/hub-" + ring.active().kid() + ".pub.pem");
        SigningKey other = SigningKey.generate(random);
        Files.writeString(pub, PemFiles.publicKey(org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory
                .createSubjectPublicKeyInfo(other.publicKey().parameters())));
        assertThrows(KeyFileException.class, () -> keys().publicKeys());
    }

    @Test
    void theAuthorityAndItsRevocationsSurviveAReload() {
        keys().init(PASSPHRASE, clock, random);
        CertificateAuthority authority = keys().authority(PASSPHRASE, clock, random);
        var issued = authority.issueWithNewKey("riverside-clinic", Duration.ofDays(365));
        authority.revoke(issued.certificate().getSerialNumber());
        keys().saveRevocations(authority);

        CertificateAuthority reloaded = keys().authority(PASSPHRASE, clock, random);
        assertEquals(authority.certificate(), reloaded.certificate());
        assertTrue(reloaded.isRevoked(issued.certificate().getSerialNumber()));
        assertTrue(reloaded.crl().isRevoked(issued.certificate()));
    }

    @Test
    void withoutAKeyRingLoadingSaysWhatToDo() {
        KeyFileException e = assertThrows(KeyFileException.class, () -> keys().load(PASSPHRASE, clock));
        assertTrue(e.getMessage().contains("kith keys init"));
    }
}
