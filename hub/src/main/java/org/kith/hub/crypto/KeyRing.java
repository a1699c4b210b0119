package org.kith.hub.crypto;

import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's signing keys: the active key, which signs, and every earlier key, retired at the
 * instant it was rotated out and kept (public half only) so that signatures made before the
 * rotation still verify. Immutable: {@link #rotate} returns a new ring, so a signer holding the
 * old ring never signs with a key that a concurrent rotation half-replaced.
 */
public final class KeyRing implements KeyLookup {

    private final SigningKey active;
    private final PublicKeys keys;
    private final Clock clock;

    private KeyRing(SigningKey active, PublicKeys keys, Clock clock) {
        this.active = Objects.requireNonNull(active);
        this.keys = keys;
        this.clock = Objects.requireNonNull(clock);
    }

    /** A ring holding one key. */
    public static KeyRing of(SigningKey active, Clock clock) {
        return new KeyRing(active, PublicKeys.of(active.publicKey()), clock);
    }

    /** A ring loaded from storage: the active key and the earlier (retired) public keys. */
    public static KeyRing of(SigningKey active, Collection<VerificationKey> retired, Clock clock) {
        for (VerificationKey key : retired) {
            if (key.retiredAt().isEmpty()) {
                throw new IllegalArgumentException("key " + key.kid() + " is not the active key and has no retirement time");
            }
        }
        PublicKeys keys = PublicKeys.of(retired);
        if (keys.find(active.kid()).isPresent()) {
            throw new IllegalArgumentException("the active key " + active.kid() + " is also listed as retired");
        }
        return new KeyRing(active, keys.with(active.publicKey()), clock);
    }

    /** A ring in which {@code next} signs and the current active key is retired now (by the clock). */
    public KeyRing rotate(SigningKey next) {
        if (keys.find(next.kid()).isPresent()) {
            throw new IllegalArgumentException("key " + next.kid() + " has been used before");
        }
        PublicKeys rotated = keys.with(active.publicKey().retiredAt(clock.instant())).with(next.publicKey());
        return new KeyRing(next, rotated, clock);
    }

    public SigningKey active() {
        return active;
    }

    /** Every public key, active and retired: what the hub publishes (see {@link Jwks}). */
    public PublicKeys publicKeys() {
        return keys;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public Optional<VerificationKey> find(String kid) {
        return keys.find(kid);
    }
}
