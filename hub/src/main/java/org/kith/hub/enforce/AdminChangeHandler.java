package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Json;

/**
 * An administrative change made outside the stream (a replay, a configuration change): a ledger
 * record, and a step in the changed object's history beside it (same transaction), so the history
 * an administrator reads is the ledger's.
 */
final class AdminChangeHandler {

    Effects handle(Arrival.AdminChange arrival) {
        LedgerEvent.AdminChange change = arrival.change();
        Inbound in = arrival.inbound();
        ObjectNode entry = Json.mapper().valueToTree(change);
        entry.put("at", Instant.ofEpochMilli(in.timestamp()).toString());
        return Effects.none().ledger(change).add(new Effect.History(
                EnforcementTopology.historyKey(change.objectType(), change.objectId(), in.timestamp(), in.position()),
                entry.toString()));
    }
}
