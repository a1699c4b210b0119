package org.kith.hub.crypto;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key with its key id and, once the key has been rotated out, the instant it was
 * retired: signatures dated after that instant are not accepted (see {@link DetachedJws#verify}).
 *
 * <p>Key id: the first 16 bytes of SHA-256 over the 32-byte raw public key, base64url without
 * padding (22 characters). Derived, so a key id cannot be attached to the wrong key, and 128 bits
 * keep accidental collisions out of reach.
 */
public final class VerificationKey {

    public static final int RAW_LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;

    private final String kid;
    private final byte[] raw;
    private final Ed25519PublicKeyParameters parameters;
    private final Optional<Instant> retiredAt;

    private VerificationKey(byte[] raw, Optional<Instant> retiredAt) {
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        this.raw = raw.clone();
        this.kid = kidOf(this.raw);
        this.parameters = new Ed25519PublicKeyParameters(this.raw, 0);
        this.retiredAt = Objects.requireNonNull(retiredAt);
    }

    /** An active key from its raw 32 bytes (RFC 8032 encoding). */
    public static VerificationKey of(byte[] raw) {
        return new VerificationKey(raw, Optional.empty());
    }

    static VerificationKey of(Ed25519PublicKeyParameters parameters) {
        return of(parameters.getEncoded());
    }

    /** The key id of a raw public key: base64url(SHA-256(raw)[0..16]). */
    public static String kidOf(byte[] raw) {
        return Digests.base64Url(Arrays.copyOf(Digests.sha256(raw), 16));
    }

    /** The same key, retired at {@code at}; a key keeps its first retirement instant. */
    public VerificationKey retiredAt(Instant at) {
        return retiredAt.isPresent() ? this : new VerificationKey(raw, Optional.of(at));
    }

    public String kid() {
        return kid;
    }

    public byte[] raw() {
        return raw.clone();
    }

    public Optional<Instant> retiredAt() {
        return retiredAt;
    }

    /** Whether a signature dated {@code signedAt} may still be accepted from this key. */
    public boolean acceptsSignatureAt(Instant signedAt) {
        return retiredAt.map(r -> !signedAt.isAfter(r)).orElse(true);
    }

    Ed25519PublicKeyParameters parameters() {
        return parameters;
    }

    /** Ed25519 (RFC 8032, pure) verification of {@code signature} over {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, parameters);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationKey k && Arrays.equals(raw, k.raw) && retiredAt.equals(k.retiredAt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw) * 31 + retiredAt.hashCode();
    }

    @Override
    public String toString() {
        return "VerificationKey[" + kid + retiredAt.map(r -> ", retired " + r).orElse("") + "]";
    }
}
