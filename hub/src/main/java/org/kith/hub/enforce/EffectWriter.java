package org.kith.hub.enforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.metrics.HubMetrics;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * The one place the enforcement core writes: each {@link Effect} of a handler or punctuation, in
 * order, within the Streams transaction of the record or punctuation that caused it (exactly-once:
 * the consumer offset is committed with all of them, or none). Records go to the sinks of
 * {@link EnforcementTopology}, ledger entries to this task's chain ({@link LedgerWriter}), store
 * updates to the task's stores, referral and measure updates through their keepers. The metrics
 * count what was written.
 */
final class EffectWriter {

    private final ProcessorContext<String, byte[]> context;
    private final LedgerWriter ledger;
    private final KeyValueStore<String, byte[]> families;
    private final KeyValueStore<String, String> accounting;
    private final KeyValueStore<String, String> history;
    private final WindowStore<String, Long> decided;
    private final ReferralTracker referrals;
    private final MeasureRecorder measures;
    private final HubMetrics metrics;

    EffectWriter(ProcessorContext<String, byte[]> context, LedgerWriter ledger, KeyValueStore<String, byte[]> families,
                 KeyValueStore<String, String> accounting, KeyValueStore<String, String> history,
                 WindowStore<String, Long> decided, ReferralTracker referrals, MeasureRecorder measures,
                 HubMetrics metrics) {
        this.context = context;
        this.ledger = ledger;
        this.families = families;
        this.accounting = accounting;
        this.history = history;
        this.decided = decided;
        this.referrals = referrals;
        this.measures = measures;
        this.metrics = metrics;
    }

    /** Writes every effect, in order; records carry {@code timestamp} (the inbound record's, or the punctuation's). */
    void write(Effects effects, long timestamp) {
        for (Effect effect : effects.all()) {
            write(effect, timestamp);
        }
    }

    private void write(Effect effect, long timestamp) {
        if (effect instanceof Effect.Copy copy) {
            context.forward(new Record<>(copy.familyId(), copy.value(), timestamp, copy.headers()), EnforcementTopology.OUTBOUND);
            metrics.copyOut();
        } else if (effect instanceof Effect.Status status) {
            var headers = new RecordHeaders().add(KithHeaders.RECIPIENT, status.partner().getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(status.familyId(), json(status.notice()), timestamp, headers), EnforcementTopology.STATUS);
            if (StatusNotice.OVERDUE.equals(status.notice().outcome())) {
                metrics.referralOverdue(status.notice().reason());
            }
        } else if (effect instanceof Effect.Ledger entry) {
            ledger.append(entry.event(), timestamp);
            if (entry.event() instanceof LedgerEvent.Decision decision) {
                metrics.decision(decision.outcome());
            }
        } else if (effect instanceof Effect.LedgerCheckpoint) {
            ledger.checkpointIfDue(timestamp);
        } else if (effect instanceof Effect.Accounting entry) {
            accounting.put(entry.key(), entry.entry());
        } else if (effect instanceof Effect.History entry) {
            history.put(entry.key(), entry.entry());
        } else if (effect instanceof Effect.Decided message) {
            decided.put(message.messageId(), timestamp, timestamp);
        } else if (effect instanceof Effect.DeadLettered dead) {
            context.forward(new Record<>(dead.letter().key(), json(dead.letter()), timestamp, new RecordHeaders()),
                    EnforcementTopology.DEAD_LETTER);
            metrics.deadLetter(dead.letter().reason());
        } else if (effect instanceof Effect.FamilyFiled filed) {
            filed.writes().forEach(write -> families.put(write.key(), write.value()));
        } else if (effect instanceof Effect.ReferralForwarded forwarded) {
            referrals.forwarded(forwarded.referral(), forwarded.recipient(), forwarded.sla(), forwarded.cohort(),
                    forwarded.at());
        } else if (effect instanceof Effect.ReferralReleased released) {
            referrals.released(released.status(), released.moved(), released.copied());
        } else if (effect instanceof Effect.DeadlinePassed passed) {
            referrals.settle(passed.passed());
        } else if (effect instanceof Effect.WithheldCounted withheld) {
            measures.withheld(withheld.sender(), withheld.recipient(), withheld.reason(), withheld.at());
        } else if (effect instanceof Effect.MeasurePublished measure) {
            context.forward(new Record<>(measure.key(), measure.value(), timestamp, new RecordHeaders()),
                    EnforcementTopology.MEASURES);
        } else {
            throw new IllegalStateException("no writer for " + effect.getClass().getSimpleName());
        }
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
