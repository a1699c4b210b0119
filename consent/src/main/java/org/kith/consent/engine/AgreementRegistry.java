package org.kith.consent.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    private static final AgreementRegistry EMPTY = new AgreementRegistry(Map.of(), Map.of());

    private final Map<String, Map<String, List<Agreement>>> byParty;
    private final Map<String, Map<String, List<String>>> idsByParty;
    private final Map<String, Agreement> byIdentifier;

    private AgreementRegistry(Map<String, Map<String, List<Agreement>>> byParty, Map<String, Agreement> byId) {
        this.byParty = byParty;
        this.byIdentifier = byId;
        Map<String, Map<String, List<String>>> ids = new HashMap<>();
        byParty.forEach((a, m) -> {
            Map<String, List<String>> withA = new HashMap<>();
            m.forEach((b, list) -> withA.put(b, list.stream().map(Agreement::id).toList()));
            ids.put(a, Map.copyOf(withA));
        });
        this.idsByParty = Map.copyOf(ids);
    }

    public static AgreementRegistry empty() {
        return EMPTY;
    }

    /** This registry with {@code agreement} added, or replacing the one with its id. */
    public AgreementRegistry with(Agreement agreement) {
        Map<String, Agreement> byId = new LinkedHashMap<>(byIdentifier);
        byId.remove(agreement.id());
        byId.put(agreement.id(), agreement);
        Map<String, Map<String, List<Agreement>>> index = new HashMap<>();
        for (Agreement a : byId.values()) {
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
        return new AgreementRegistry(Map.copyOf(index), byId);
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
        // the farthest any agreement got: live, then type, then purpose
        int best = 0;
        boolean ended = false;
        List<Agreement> open = null;
        for (int i = 0; i < candidates.size(); i++) {
            Agreement a = candidates.get(i);
            if (!a.liveAt(now)) {
                ended |= a.period().hasEndedBy(now);
                continue;
            }
            if (!a.messageTypes().contains(type)) {
                best = Math.max(best, 1);
                continue;
            }
            if (!a.purposes().contains(purpose)) {
                best = Math.max(best, 2);
                continue;
            }
            if (open == null) {
                open = candidates.size() == 1 ? candidates : new ArrayList<>(2);
            }
            if (open != candidates) {
                open.add(a);
            }
        }
        List<String> ids = idsBetween(sender.id(), recipient.id());
        if (open != null) {
            return new Gate(null, ids, open);
        }
        ReasonCode reason = switch (best) {
            case 2 -> ReasonCode.PURPOSE_NOT_COVERED;
            case 1 -> ReasonCode.NOT_IN_AGREEMENT;
            default -> ended ? ReasonCode.AGREEMENT_EXPIRED : ReasonCode.NO_AGREEMENT;
        };
        return new Gate(reason, ids, List.of());
    }

    private List<String> idsBetween(String a, String b) {
        Map<String, List<String>> withA = idsByParty.get(a);
        return withA == null ? List.of() : withA.getOrDefault(b, List.of());
    }

    /**
     * The first gate's answer: either a reason nothing passes, or the agreements through which a
     * category may pass.
     */
    record Gate(ReasonCode closedBecause, List<String> consideredIds, List<Agreement> open) {

        /** The first open agreement that allows {@code category}, or null. */
        Agreement allowing(Category category) {
            for (int i = 0; i < open.size(); i++) {
                if (open.get(i).categories().contains(category)) {
                    return open.get(i);
                }
            }
            return null;
        }
    }
}
