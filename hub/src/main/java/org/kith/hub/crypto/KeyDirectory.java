package org.kith.hub.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.kith.schemas.Json;

/**
 * The hub's key files in {@code <data dir>/keys/}:
 *
 * <pre>
 * keyring.json        {"active":"&lt;kid&gt;","keys":[{"kid":..,"created":..,"retiredAt":..}]}  (retiredAt only once rotated out)
 * hub-&lt;kid&gt;.key.pem   the active Ed25519 signing key: encrypted PKCS#8 (scrypt + AES-256-CBC)
 * hub-&lt;kid&gt;.pub.pem   its public key, and every retired one's: SubjectPublicKeyInfo
 * ca.key.pem          the certificate authority's EC P-256 key: encrypted PKCS#8, same passphrase
 * ca.cert.pem         the authority's self-signed certificate
 * ca-revoked.json     {"revoked":[{"serial":"&lt;hex&gt;","revokedAt":..}]}
 * ca.crl.pem          the CRL issued from it at each change
 * </pre>
 *
 * <p>A rotation writes the new key files, then {@code keyring.json} (atomically), then deletes
 * the retired key's private file: the hub never signs with a retired key again, and only the
 * public half is needed to verify what it signed. Every file is replaced through an atomic rename,
 * so a crash leaves the old or the new key ring, never half of one. One administrator at a time.
 */
public final class KeyDirectory {

    private static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);

    private final Path dir;
    private final int scryptCost;

    private KeyDirectory(Path dir, int scryptCost) {
        this.dir = dir;
        this.scryptCost = scryptCost;
    }

    /** The key directory of data directory {@code dataDir}. */
    public static KeyDirectory in(Path dataDir) {
        return new KeyDirectory(dataDir.resolve("keys"), PemFiles.SCRYPT_COST);
    }

    /** The same directory with a cheaper scrypt cost: for tests only, never for real keys. */
    KeyDirectory withScryptCost(int cost) {
        return new KeyDirectory(dir, cost);
    }

    public Path path() {
        return dir;
    }

    public boolean exists() {
        return Files.exists(dir.resolve("keyring.json"));
    }

    /** Creates the hub's first signing key and the certificate authority; refuses if keys exist. */
    public KeyRing init(char[] passphrase, Clock clock, SecureRandom random) {
        if (exists()) {
            throw new KeyFileException("the key directory already holds a key ring; rotate instead");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KeyFileException("cannot create the key directory: " + e.getClass().getSimpleName());
        }
        CertificateAuthority authority = CertificateAuthority.create("Kith hub CA", AUTHORITY_VALIDITY, clock, random);
        PemFiles.write(dir.resolve("ca.key.pem"), PemFiles.encryptedPrivateKey(
                PrivateKeyInfo.getInstance(authority.privateKey().getEncoded()), passphrase, scryptCost), true);
        try {
            PemFiles.write(dir.resolve("ca.cert.pem"), PemFiles.pem("CERTIFICATE", authority.certificate().getEncoded()), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        saveRevocations(authority);
        SigningKey key = SigningKey.generate(random);
        writeSigningKey(key, passphrase);
        KeyRing ring = KeyRing.of(key, clock);
        writeKeyRing(ring, List.of(new Entry(key.kid(), clock.instant(), null)));
        return ring;
    }

    /** The key ring: the active key decrypted with {@code passphrase}, the retired ones' public keys. */
    public KeyRing load(char[] passphrase, Clock clock) {
        JsonNode document = readKeyRing();
        String activeKid = document.path("active").asText();
        PrivateKeyInfo info = PemFiles.decryptPrivateKey(PemFiles.read(dir.resolve("hub-" + activeKid + ".key.pem")), passphrase);
        SigningKey active;
        try {
            AsymmetricKeyParameter parameters = PrivateKeyFactory.createKey(info);
            if (!(parameters instanceof Ed25519PrivateKeyParameters ed25519)) {
                throw new KeyFileException("the hub key file does not hold an Ed25519 key");
            }
            active = new SigningKey(ed25519);
        } catch (IOException e) {
            throw new KeyFileException("the hub key file is damaged");
        }
        if (!active.kid().equals(activeKid)) {
            throw new KeyFileException("the hub key file does not hold key " + activeKid);
        }
        List<VerificationKey> retired = new ArrayList<>();
        for (VerificationKey key : publicKeys().all()) {
            if (!key.kid().equals(activeKid)) {
                retired.add(key);
            }
        }
        return KeyRing.of(active, retired, clock);
    }

    /** Every public key listed in {@code keyring.json}, with retirement times; needs no passphrase. */
    public PublicKeys publicKeys() {
        List<VerificationKey> keys = new ArrayList<>();
        for (Entry entry : entries(readKeyRing())) {
            Object object = PemFiles.parse(PemFiles.read(dir.resolve("hub-" + entry.kid + ".pub.pem")));
            VerificationKey key;
            try {
                if (!(object instanceof SubjectPublicKeyInfo info)
                        || !(PublicKeyFactory.createKey(info) instanceof Ed25519PublicKeyParameters ed25519)) {
                    throw new KeyFileException("hub-" + entry.kid + ".pub.pem is not an Ed25519 public key");
                }
                key = VerificationKey.of(ed25519);
            } catch (IOException e) {
                throw new KeyFileException("hub-" + entry.kid + ".pub.pem is damaged");
            }
            if (!key.kid().equals(entry.kid)) {
                throw new KeyFileException("hub-" + entry.kid + ".pub.pem holds another key");
            }
            keys.add(entry.retiredAt == null ? key : key.retiredAt(entry.retiredAt));
        }
        return PublicKeys.of(keys);
    }

    /** A new active key; the current one is retired now and its private file deleted. */
    public KeyRing rotate(char[] passphrase, Clock clock, SecureRandom random) {
        KeyRing current = load(passphrase, clock);
        SigningKey next = SigningKey.generate(random);
        writeSigningKey(next, passphrase);
        KeyRing rotated = current.rotate(next);
        List<Entry> entries = new ArrayList<>();
        for (Entry entry : entries(readKeyRing())) {
            Instant retiredAt = rotated.find(entry.kid).flatMap(VerificationKey::retiredAt).orElse(null);
            entries.add(new Entry(entry.kid, entry.created, retiredAt));
        }
        entries.add(new Entry(next.kid(), clock.instant(), null));
        writeKeyRing(rotated, entries);
        try {
            Files.deleteIfExists(dir.resolve("hub-" + current.active().kid() + ".key.pem"));
        } catch (IOException e) {
            throw new KeyFileException("rotated, but could not delete the retired private key file: "
                    + e.getClass().getSimpleName());
        }
        return rotated;
    }

    /** The certificate authority, its key decrypted with {@code passphrase}, with its revocations. */
    public CertificateAuthority authority(char[] passphrase, Clock clock, SecureRandom random) {
        PrivateKeyInfo info = PemFiles.decryptPrivateKey(PemFiles.read(dir.resolve("ca.key.pem")), passphrase);
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            X509Certificate certificate = authorityCertificate();
            List<CertificateAuthority.Revocation> revoked = new ArrayList<>();
            for (JsonNode r : Json.mapper().readTree(PemFiles.read(dir.resolve("ca-revoked.json"))).path("revoked")) {
                revoked.add(new CertificateAuthority.Revocation(new BigInteger(r.path("serial").asText(), 16),
                        Instant.parse(r.path("revokedAt").asText())));
            }
            return new CertificateAuthority(key, certificate, revoked, clock, random);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (e instanceof KeyFileException k) {
                throw k;
            }
            throw new KeyFileException("the certificate authority's files are damaged: " + e.getClass().getSimpleName());
        }
    }

    /** The certificate authority's certificate ({@code ca.cert.pem}); needs no passphrase. */
    public X509Certificate authorityCertificate() {
        Object holder = PemFiles.parse(PemFiles.read(dir.resolve("ca.cert.pem")));
        if (!(holder instanceof X509CertificateHolder certificateHolder)) {
            throw new KeyFileException("ca.cert.pem is not a certificate");
        }
        try {
            return CertificateAuthority.toJdk(certificateHolder.getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFileException("ca.cert.pem is damaged: " + e.getClass().getSimpleName());
        }
    }

    /** Writes the authority's revocations and a fresh CRL. */
    public void saveRevocations(CertificateAuthority authority) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode revoked = document.putArray("revoked");
        for (CertificateAuthority.Revocation r : authority.revocations()) {
            revoked.addObject().put("serial", r.serial().toString(16)).put("revokedAt", r.revokedAt().toString());
        }
        PemFiles.write(dir.resolve("ca-revoked.json"), document.toPrettyString() + "\n", false);
        try {
            PemFiles.write(dir.resolve("ca.crl.pem"), PemFiles.pem("X509 CRL", authority.crl().getEncoded()), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Entry(String kid, Instant created, Instant retiredAt) {
    }

    private void writeSigningKey(SigningKey key, char[] passphrase) {
        try {
            PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(key.parameters());
            PemFiles.write(dir.resolve("hub-" + key.kid() + ".key.pem"),
                    PemFiles.encryptedPrivateKey(info, passphrase, scryptCost), true);
            SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    key.publicKey().parameters());
            PemFiles.write(dir.resolve("hub-" + key.kid() + ".pub.pem"), PemFiles.publicKey(publicInfo), false);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the key", e);
        }
    }

    private void writeKeyRing(KeyRing ring, List<Entry> entries) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("active", ring.active().kid());
        ArrayNode keys = document.putArray("keys");
        for (Entry entry : entries) {
            ObjectNode key = keys.addObject().put("kid", entry.kid).put("created", entry.created.toString());
            if (entry.retiredAt != null) {
                key.put("retiredAt", entry.retiredAt.toString());
            }
        }
        PemFiles.write(dir.resolve("keyring.json"), document.toPrettyString() + "\n", false);
    }

    private JsonNode readKeyRing() {
        if (!exists()) {
            throw new KeyFileException("no key ring in the key directory; run 'kith keys init' first");
        }
        try {
            return Json.mapper().readTree(PemFiles.read(dir.resolve("keyring.json")));
        } catch (IOException e) {
            throw new KeyFileException("keyring.json is not well-formed JSON");
        }
    }

    private static List<Entry> entries(JsonNode document) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode key : document.path("keys")) {
            entries.add(new Entry(key.path("kid").asText(), Instant.parse(key.path("created").asText()),
                    key.hasNonNull("retiredAt") ? Instant.parse(key.get("retiredAt").asText()) : null));
        }
        return entries;
    }
}
