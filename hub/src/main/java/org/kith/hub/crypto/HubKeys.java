package org.kith.hub.crypto;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's signing keys at start-up: unlocked from the data directory with the passphrase, or, on
 * the very first start (no key ring yet), created under it as {@code ./kith keys init} would. Without
 * a passphrase the hub does not start: it could not sign its ledger checkpoints.
 */
public final class HubKeys {

    private static final Logger LOG = LoggerFactory.getLogger(HubKeys.class);

    private HubKeys() {
    }

    public static KeyRing open(Path dataDir, Optional<char[]> passphrase, Clock clock) {
        KeyDirectory keys = KeyDirectory.in(dataDir);
        char[] secret = passphrase.orElseThrow(() -> new IllegalStateException(
                "the hub's signing key needs its passphrase: set kith.keys.passphrase (KITH_KEYS_PASSPHRASE)"));
        if (keys.exists()) {
            return keys.load(secret, clock);
        }
        KeyRing ring = keys.init(secret, clock, new SecureRandom());
        LOG.info("First start: created the hub's signing key {} and certificate authority in {}", ring.active().kid(),
                keys.path());
        return ring;
    }
}
