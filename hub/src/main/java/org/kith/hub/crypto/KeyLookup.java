package org.kith.hub.crypto;

import java.util.Optional;

/** Where a verifier finds the public key a key id names: a {@link KeyRing}, {@link PublicKeys} from a JWKS. */
@FunctionalInterface
public interface KeyLookup {

    Optional<VerificationKey> find(String kid);
}
