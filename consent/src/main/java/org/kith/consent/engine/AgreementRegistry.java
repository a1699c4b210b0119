package org.kith.consent.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.Partner;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * The data-sharing agreements, indexed by party pair in both directions, immutable (a new registry
 * per change). The first gate of every decision: without a live agreement that allows the message
 * type and purpose, nothing goes; the agreement's categories are the ceiling for the rest.
 */
public final class AgreementRegistry {

    private static final AgreementRegistry EMPTY = new AgreementRegistry(Map.of());

    private final Map<String, Map<String, List<Agreement>>> byParty;

    private AgreementRegistry(Map<String, Map<String, List<Agreement>>> byParty) {
        this.byParty = byParty;
    }

    public static AgreementRegistry empty() {
        return EMPTY;
    }

    /** This registry with {@code agreement} added, or replacing the one with its id. */
    public AgreementRegistry with(Agreement agreement) {
        List<Agreement> all = new ArrayList<>();
        byParty.values().forEach(m -> m.values().forEach(l -> l.forEach(a -> {
            if (!a.id().equals(agreement.id()) && !all.contains(a)) {
                all.add(a);
            }
        })));
        all.add(agreement);
        Map<String, Map<String, List<Agreement>>> index = new HashMap<>();
        for (Agreement a : all) {
            for (String x : a.parties()) {
                for (String y : a.parties()) {
                    if (!x.equals(y)) {
                        index.computeIfAbsent(x, k -> new HashMap<>()).computeIfAbsent(y, k -> new ArrayList<>()).add(a);
                    }
                }
            }
        }
        index.replaceAll((x, m) -> {
            m.replaceAll((y, l) -> List.copyOf(l));
            return Map.copyOf(m);
        });
        return new AgreementRegistry(Map.copyOf(index));
    }

    /** The agreements between two partners, live or not. */
    List<Agreement> between(String a, String b) {
        Map<String, List<Agreement>> withA = byParty.get(a);
        if (withA == null) {
            return List.of();
        }
        return withA.getOrDefault(b, List.of());
    }

    /**
     * The agreements that let this message type and purpose flow between sender and recipient now,
     * or the reason none does.
     */
    Gate gate(Partner sender, Partner recipient, MessageType type, Purpose purpose, Instant now) {
        List<Agreement> candidates = between(sender.id(), recipient.id());
        if (candidates.isEmpty()) {
            return new Gate(ReasonCode.NO_AGREEMENT, List.of(), List.of());
        }
        List<Agreement> live = new ArrayList<>(candidates.size());
        boolean ended = false;
        for (Agreement a : candidates) {
            if (a.liveAt(now)) {
                live.add(a);
            } else if (a.period().hasEndedBy(now)) {
                ended = true;
            }
        }
        List<String> ids = candidates.stream().map(Agreement::id).toList();
        if (live.isEmpty()) {
            return new Gate(ended ? ReasonCode.AGREEMENT_EXPIRED : ReasonCode.NO_AGREEMENT, ids, List.of());
        }
        live.removeIf(a -> !a.messageTypes().contains(type));
        if (live.isEmpty()) {
            return new Gate(ReasonCode.NOT_IN_AGREEMENT, ids, List.of());
        }
        live.removeIf(a -> !a.purposes().contains(purpose));
        if (live.isEmpty()) {
            return new Gate(ReasonCode.PURPOSE_NOT_COVERED, ids, List.of());
        }
        return new Gate(null, ids, live);
    }

    /**
     * The first gate's answer: either a reason nothing passes, or the agreements through which a
     * category may pass.
     */
    record Gate(ReasonCode closedBecause, List<String> consideredIds, List<Agreement> open) {

        /** The first open agreement that allows {@code category}, or null. */
        Agreement allowing(Category category) {
            for (Agreement a : open) {
                if (a.categories().contains(category)) {
                    return a;
                }
            }
            return null;
        }
    }
}
