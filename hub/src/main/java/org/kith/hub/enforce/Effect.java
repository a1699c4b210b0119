package org.kith.hub.enforce;

import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import java.util.List;
import org.kith.hub.family.FamilyStore;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.referral.ReferralSla;
import org.kith.schemas.Envelope;

/**
 * One thing the enforcement core is to write, in the transaction of the record (or punctuation)
 * that caused it: a record for a sink, a ledger entry, a store update. Handlers return effects and
 * the {@link EffectWriter} writes them, in order; nothing else in the core forwards or puts. The
 * referral and measure updates are commands the {@link ReferralTracker} and {@link MeasureRecorder}
 * apply to their own stores when written, so a count is read and raised in one step.
 */
sealed interface Effect {

    /** A recipient's redacted, signed copy for its outbound topic ({@code headers} name the recipient). */
    record Copy(String familyId, String recipient, byte[] value, Headers headers) implements Effect {
    }

    /** A notice for a partner's status topic. */
    record Status(String familyId, String partner, StatusNotice notice) implements Effect {
    }

    /** An entry of this task's ledger chain (a checkpoint follows when one is due). */
    record Ledger(LedgerEvent event) implements Effect {
    }

    /** A checkpoint of this task's ledger chain if one is due: a quiet partition is sealed too. */
    record LedgerCheckpoint() implements Effect {
    }

    /** A decision in the family's accounting of disclosures, keyed {@link EnforcementTopology#accountingKey}. */
    record Accounting(String key, String entry) implements Effect {
    }

    /** A step in an administered object's history, keyed {@link EnforcementTopology#historyKey}. */
    record History(String key, String entry) implements Effect {
    }

    /** A message was decided (or filed): a second copy of it is a {@link Arrival.Duplicate} ({@link DecidedMessages}). */
    record Decided(String messageId) implements Effect {
    }

    /** A record set aside, for the dead-letter topic. */
    record DeadLettered(DeadLetter letter) implements Effect {
    }

    /** A document recorded in the family's consent file: the store entries it writes, in order. */
    record FamilyFiled(String familyId, List<FamilyStore.Write> writes) implements Effect {
        public FamilyFiled {
            writes = List.copyOf(writes);
        }
    }

    /** A referral copy went to {@code recipient}: its lifecycle starts, counted in {@code cohort}. */
    record ReferralForwarded(Envelope referral, String recipient, ReferralSla sla, String cohort, Instant at)
            implements Effect {
    }

    /** A referral status was released: the moved referrals are kept, with whom the step was disclosed to. */
    record ReferralReleased(Envelope status, ReferralTracker.Moved moved, Set<String> copied) implements Effect {
    }

    /** An SLA deadline passed: it goes, and the referral is kept as its alerts left it. */
    record DeadlinePassed(ReferralTracker.Passed passed) implements Effect {
    }

    /** A message was withheld from a recipient: counted in the withheld measures. */
    record WithheldCounted(String sender, String recipient, String reason, Instant at) implements Effect {
    }

    /** A measure total that changed, for the compacted measures topic. */
    record MeasurePublished(String key, byte[] value) implements Effect {
    }
}
