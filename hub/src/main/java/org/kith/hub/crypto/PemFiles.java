package org.kith.hub.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Provider;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM files of keys, certificates and CRLs. A private key is written only encrypted: PKCS#8
 * {@code ENCRYPTED PRIVATE KEY} with PBES2, the key derived from the passphrase by scrypt
 * (N = 2^15, r = 8, p = 1, 16-byte salt: about 32 MiB and a tenth of a second per attempt, so
 * guessing is slow on any hardware) and encrypted with AES-256-CBC; OpenSSL 1.1+ reads it.
 * Files are replaced atomically and private ones created owner-only where the file system
 * supports POSIX permissions. The Bouncy Castle provider is used as an instance, never installed
 * in the JVM, so it does not change what the JDK's TLS picks.
 */
final class PemFiles {

    static final Provider BC = new BouncyCastleProvider();

    /** scrypt cost parameter N (a power of two); tests lower it through {@link KeyDirectory}. */
    static final int SCRYPT_COST = 1 << 15;

    private PemFiles() {
    }

    static String encryptedPrivateKey(PrivateKeyInfo key, char[] passphrase, int scryptCost) {
        try {
            ScryptConfig scrypt = new ScryptConfig.Builder(scryptCost, 8, 1).withSaltLength(16).build();
            var encryptor = new JcePKCSPBEOutputEncryptorBuilder(scrypt, NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(BC).build(passphrase);
            PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfoBuilder(key).build(encryptor);
            return pem("ENCRYPTED PRIVATE KEY", encrypted.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not encrypt the private key", e);
        }
    }

    /** The private key of an encrypted PKCS#8 PEM text; a wrong passphrase is a {@link KeyFileException}. */
    static PrivateKeyInfo decryptPrivateKey(String pemText, char[] passphrase) {
        Object object = parse(pemText);
        if (!(object instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
            throw new KeyFileException("not an encrypted PKCS#8 private key");
        }
        try {
            return encrypted.decryptPrivateKeyInfo(
                    new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC).build(passphrase));
        } catch (PKCSException e) {
            throw new KeyFileException("wrong passphrase, or the key file is damaged");
        }
    }

    static String publicKey(SubjectPublicKeyInfo key) {
        try {
            return pem("PUBLIC KEY", key.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    /** The one object of a PEM text (PEMParser's types: key infos, certificate and CRL holders). */
    static Object parse(String pemText) {
        try (PEMParser parser = new PEMParser(new StringReader(pemText))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new KeyFileException("no PEM object in the file");
            }
            return object;
        } catch (IOException e) {
            throw new KeyFileException("not a readable PEM file");
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFileException("cannot read " + file.getFileName() + ": " + e.getClass().getSimpleName());
        }
    }

    /** Writes {@code text} to {@code file} through a temporary file and an atomic rename. */
    static void write(Path file, String text, boolean secret) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                writer.write(text);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new KeyFileException("cannot write " + file.getFileName() + ": " + e.getClass().getSimpleName());
        }
    }
}
