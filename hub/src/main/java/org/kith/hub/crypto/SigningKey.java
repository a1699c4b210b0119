package org.kith.hub.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key of the hub, through Bouncy Castle's lightweight API: about twenty times
 * the JDK provider's signing rate on this kind of machine (see BENCHMARKS.md), which is what makes
 * a signature per outbound copy affordable. Thread-safe: each signature uses its own signer.
 * {@link #toString()} never shows the key.
 */
public final class SigningKey {

    private final Ed25519PrivateKeyParameters parameters;
    private final VerificationKey publicKey;

    SigningKey(Ed25519PrivateKeyParameters parameters) {
        this.parameters = parameters;
        this.publicKey = VerificationKey.of(parameters.generatePublicKey());
    }

    public static SigningKey generate(SecureRandom random) {
        return new SigningKey(new Ed25519PrivateKeyParameters(random));
    }

    /** The key whose RFC 8032 32-byte private key (seed) is {@code seed}: for test vectors and key files. */
    public static SigningKey fromSeed(byte[] seed) {
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes");
        }
        return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    public String kid() {
        return publicKey.kid();
    }

    public VerificationKey publicKey() {
        return publicKey;
    }

    Ed25519PrivateKeyParameters parameters() {
        return parameters;
    }

    /** The 64-byte Ed25519 signature of {@code message} (deterministic, RFC 8032). */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, parameters);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid() + "]";
    }
}
