package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.kith.consent.jurisdiction.StatuteRule;
import org.kith.consent.model.Agreement;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.referral.ReferralSla;
import org.kith.schemas.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcement core's view of the config topic. The global store holds the raw entries; this
 * keeps a parsed snapshot and rebuilds it when the global store has changed since. An entry that
 * cannot be read is left out and logged by key: a broken agreement allows nothing and a broken
 * rule routes nothing, a broken statute rule discloses nothing, a broken capacity report counts as
 * no report, a broken partner entry leaves that partner unregistered, and a broken list of an
 * agreement's measure areas counts every area as {@code other}: the fail-closed reading.
 */
public final class ConfigView {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigView.class);

    private final AtomicLong changes = new AtomicLong();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long seen = -1;
    private ConfigSnapshot snapshot = ConfigSnapshot.EMPTY;

    /** Called by the global store's processor after each change. */
    void changed() {
        changes.incrementAndGet();
        listeners.forEach(Runnable::run);
    }

    /**
     * Runs {@code listener} after every change of the config topic, on the thread that reads it:
     * the listener must only hand the work on (the edges reconcile their webhook routes).
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The current snapshot, rebuilt from the store if it changed; called from one stream thread at a time. */
    public synchronized ConfigSnapshot current(ReadOnlyKeyValueStore<String, byte[]> store) {
        long now = changes.get();
        if (now != seen) {
            snapshot = read(store);
            seen = now;
        }
        return snapshot;
    }

    /** A snapshot read afresh from a config store (the core keeps one cached; the dry-run reads its own). */
    public static ConfigSnapshot read(ReadOnlyKeyValueStore<String, byte[]> store) {
        Map<String, Agreement> agreements = new HashMap<>();
        Map<String, RoutingRule> rules = new HashMap<>();
        Map<String, StatuteRule> statutes = new HashMap<>();
        Map<String, ReferralSla> slas = new HashMap<>();
        Map<String, ProviderCapacity> capacity = new HashMap<>();
        Map<String, Optional<Partner>> partners = new HashMap<>();
        Map<String, Set<String>> measureAreas = new HashMap<>();
        try (KeyValueIterator<String, byte[]> entries = store.all()) {
            entries.forEachRemaining(entry -> {
                try {
                    JsonNode json = Json.mapper().readTree(entry.value);
                    if (entry.key.startsWith(ConfigCodec.AGREEMENT)) {
                        Agreement agreement = ConfigCodec.agreement(json);
                        agreements.put(agreement.id(), agreement);
                        ConfigCodec.referralSla(json).ifPresent(sla -> slas.put(agreement.id(), sla));
                        try {
                            measureAreas.put(agreement.id(), ConfigCodec.measureAreas(json));
                        } catch (IllegalArgumentException e) {
                            LOG.error("Config entry {}: its measureAreas cannot be read; every area counts as other",
                                    entry.key);
                        }
                    } else if (entry.key.startsWith(ConfigCodec.RULE)) {
                        RoutingRule rule = ConfigCodec.rule(json);
                        rules.put(rule.id(), rule);
                    } else if (entry.key.startsWith(ConfigCodec.STATUTE)) {
                        StatuteRule statute = ConfigCodec.statute(json);
                        statutes.put(statute.id(), statute);
                    } else if (entry.key.startsWith(ConfigCodec.PARTNER)) {
                        String id = entry.key.substring(ConfigCodec.PARTNER.length());
                        partners.put(id, json.path("removed").asBoolean(false) ? Optional.empty()
                                : Optional.of(PartnerRegistry.partner(json)));
                    } else if (entry.key.startsWith(ProviderCapacity.KEY_PREFIX)) {
                        capacity.put(entry.key, Json.mapper().treeToValue(json, ProviderCapacity.class));
                    }
                } catch (Exception e) {
                    LOG.error("Config entry {} cannot be read and is ignored: {}", entry.key, e.getClass().getSimpleName());
                }
            });
        }
        return new ConfigSnapshot(agreements, rules, statutes, slas, capacity, partners, measureAreas);
    }
}
