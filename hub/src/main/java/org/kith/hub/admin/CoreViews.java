package org.kith.hub.admin;

import java.util.function.Supplier;
import org.kith.hub.evaluation.MeasureTotals;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.metrics.UndecidedAgeMonitor;
import org.kith.hub.referral.ReferralSource;

/**
 * What the HTTP APIs read from the enforcement core (its stores), and the operators' metrics.
 *
 * @param config  the partnership configuration (the config topic, held whole by every instance)
 * @param history each administered object's changes
 * @param dryRun  the core's decisions for a message, sending nothing
 * @param families each family's consent file
 * @param coreState the enforcement core's state ({@code RUNNING}, {@code REBALANCING}, {@code ERROR}...)
 * @param brokerState the embedded broker's: {@code ok}, the reason of its fatal fault ({@code log-dir-failed}...),
 *                    or {@code external} (a configured cluster)
 * @param undecided the age of each inbound partition's oldest message the core has not decided
 * @param ledger    the ledger topic, verified on request
 */
public record CoreViews(AccountingSource accounting, ReferralSource referrals, Supplier<MeasureTotals> measures,
                        HubMetrics metrics, ConfigSource config, HistorySource history, DryRunSource dryRun,
                        FamilySource families, Supplier<String> coreState, Supplier<String> brokerState,
                        UndecidedAgeMonitor undecided, LedgerSource ledger) {

    /** The views without a ledger to verify (its operation answers 503). */
    public CoreViews(AccountingSource accounting, ReferralSource referrals, Supplier<MeasureTotals> measures,
                     HubMetrics metrics, ConfigSource config, HistorySource history, DryRunSource dryRun,
                     FamilySource families, Supplier<String> coreState, Supplier<String> brokerState,
                     UndecidedAgeMonitor undecided) {
        this(accounting, referrals, measures, metrics, config, history, dryRun, families, coreState, brokerState,
                undecided, LedgerSource.NONE);
    }
}
