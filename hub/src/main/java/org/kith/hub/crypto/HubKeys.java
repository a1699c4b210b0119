package org.kith.hub.crypto;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
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
                "kith.keys.passphrase: not set, and no passphrase file (run 'kith init' first, "
                        + "or set KITH_KEYS_PASSPHRASE or kith.keys.passphrase.file)"));
        if (keys.exists()) {
            return keys.load(secret, clock);
        }
        KeyRing ring = keys.init(secret, clock, new SecureRandom());
        LOG.info("First start: created the hub's signing key {} and certificate authority in {}", ring.active().kid(),
                keys.path());
        return ring;
    }

    /**
     * The hub's TLS: with {@code https}, the certificate authority unlocked with the passphrase and
     * the hub's own certificate issued now for {@code names}; without, only the CA's certificate,
     * which the webhook calls trust besides the JDK's authorities. Call after {@link #open}.
     */
    public static HubTls tls(Path dataDir, boolean https, List<String> names, Optional<char[]> passphrase, Clock clock) {
        KeyDirectory keys = KeyDirectory.in(dataDir);
        if (!https) {
            return HubTls.trustOnly(keys.authorityCertificate());
        }
        char[] secret = passphrase.orElseThrow(() -> new IllegalStateException(
                "HTTPS needs the certificate authority's passphrase: set kith.keys.passphrase (KITH_KEYS_PASSPHRASE)"));
        HubTls tls = HubTls.issue(keys.authority(secret, clock, new SecureRandom()), names);
        LOG.info("HTTPS on: the hub's certificate for {} is valid until {}", names,
                tls.certificate().orElseThrow().getNotAfter().toInstant());
        return tls;
    }
}
