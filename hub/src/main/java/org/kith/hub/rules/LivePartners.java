package org.kith.hub.rules;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.Partners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partners registered now: the partners file, overlaid by the entries the administration API
 * wrote to the config topic (a registration replaces the file's entry of the same id, a removal
 * hides it). Rebuilt only when the configuration snapshot changes. If the overlay cannot be taken
 * whole (two partners would share a token), the file's partners alone stand and the fault is logged:
 * a partner the hub cannot tell apart is not registered.
 */
public final class LivePartners implements Partners {

    private static final Logger LOG = LoggerFactory.getLogger(LivePartners.class);

    private record Built(ConfigSnapshot snapshot, PartnerRegistry registry) {
    }

    private final PartnerRegistry file;
    private final Supplier<ConfigSnapshot> config;
    private volatile Built built;

    public LivePartners(PartnerRegistry file, Supplier<ConfigSnapshot> config) {
        this.file = file;
        this.config = config;
    }

    /** The registry as of {@code snapshot}. */
    public static PartnerRegistry merge(PartnerRegistry file, ConfigSnapshot snapshot) {
        if (snapshot.partners().isEmpty()) {
            return file;
        }
        Map<String, Partner> merged = new LinkedHashMap<>();
        file.registrations().forEach(partner -> merged.put(partner.id(), partner));
        snapshot.partners().forEach((id, partner) -> {
            if (partner.isPresent()) {
                merged.put(id, partner.get());
            } else {
                merged.remove(id);
            }
        });
        try {
            return new PartnerRegistry(merged.values());
        } catch (IllegalArgumentException e) {
            LOG.error("The registered partners cannot be taken whole ({}); only the partners file stands",
                    e.getMessage());
            return file;
        }
    }

    private PartnerRegistry current() {
        ConfigSnapshot snapshot = config.get();
        Built current = built;
        if (current == null || current.snapshot() != snapshot) {
            current = new Built(snapshot, merge(file, snapshot));
            built = current;
        }
        return current.registry();
    }

    @Override
    public Optional<Partner> find(String partnerId) {
        return current().find(partnerId);
    }

    @Override
    public Collection<Partner> all() {
        return current().all();
    }

    @Override
    public Optional<Partner> registration(String partnerId) {
        return current().registration(partnerId);
    }

    @Override
    public Collection<Partner> registrations() {
        return current().registrations();
    }

    @Override
    public Optional<String> partnerForToken(String token) {
        return current().partnerForToken(token);
    }

    @Override
    public Optional<String> partnerForCertificate(X509Certificate certificate) {
        return current().partnerForCertificate(certificate);
    }
}
