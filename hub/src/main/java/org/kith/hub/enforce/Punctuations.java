package org.kith.hub.enforce;

import java.time.Instant;

/**
 * What the enforcement core does on the wall clock rather than on a record, each returning its
 * effects like a handler: SLA alerts to referrers whose referrals were not received or answered in
 * time, the measures that changed since the last publication, and a checkpoint that seals a quiet
 * ledger partition.
 */
final class Punctuations {

    private final ReferralTracker referrals;
    private final MeasureRecorder measures;
    private final int partition;

    /** @param partition this task's partition: a measures topic key names it, each task publishing its own totals */
    Punctuations(ReferralTracker referrals, MeasureRecorder measures, int partition) {
        this.referrals = referrals;
        this.measures = measures;
        this.partition = partition;
    }

    /** Every SLA deadline passed at {@code now}: the alerts, and each deadline settled. */
    Effects overdueAlerts(Instant now) {
        Effects out = Effects.none();
        for (ReferralTracker.Passed passed : referrals.due(now)) {
            out.add(new Effect.DeadlinePassed(passed));
            passed.alerts().forEach(alert -> out.status(alert.familyId(), alert.partner(), alert.notice()));
        }
        return out;
    }

    /**
     * The measures that changed since the last call, as this task's running totals (the latest
     * value of each cell only), for the compacted measures topic: {@code <measure>|<task>|<cell>}
     * (no person, no family in it).
     */
    Effects measures() {
        Effects out = Effects.none();
        measures.drain().forEach((key, value) -> {
            int bar = key.indexOf('|');
            out.add(new Effect.MeasurePublished(key.substring(0, bar) + "|" + partition + key.substring(bar), value));
        });
        return out;
    }

    /** A checkpoint of the task's ledger chain, if one is due. */
    Effects ledgerCheckpoint() {
        return Effects.of(new Effect.LedgerCheckpoint());
    }
}
