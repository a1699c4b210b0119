package org.kith.hub.crypto;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of public keys by key id: the hub's published keys (see {@link Jwks}) or a
 * partner's registered keys. Retired keys stay in it so that older signatures still verify.
 */
public final class PublicKeys implements KeyLookup {

    private final Map<String, VerificationKey> byKid;

    private PublicKeys(Map<String, VerificationKey> byKid) {
        this.byKid = Collections.unmodifiableMap(byKid);
    }

    public static PublicKeys of(Collection<VerificationKey> keys) {
        Map<String, VerificationKey> byKid = new LinkedHashMap<>();
        for (VerificationKey key : keys) {
            if (byKid.putIfAbsent(key.kid(), key) != null) {
                throw new IllegalArgumentException("key " + key.kid() + " is listed twice");
            }
        }
        return new PublicKeys(byKid);
    }

    public static PublicKeys of(VerificationKey... keys) {
        return of(List.of(keys));
    }

    /** This set with {@code key} added, or replacing the key with the same id (e.g. now retired). */
    public PublicKeys with(VerificationKey key) {
        Map<String, VerificationKey> byKid = new LinkedHashMap<>(this.byKid);
        byKid.put(key.kid(), key);
        return new PublicKeys(byKid);
    }

    @Override
    public Optional<VerificationKey> find(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    public Collection<VerificationKey> all() {
        return byKid.values();
    }
}
