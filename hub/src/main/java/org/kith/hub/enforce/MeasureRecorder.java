package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kith.hub.config.Partner;
import org.kith.hub.evaluation.Cohort;
import org.kith.hub.evaluation.CohortCounts;
import org.kith.hub.evaluation.MeasureCodes;
import org.kith.hub.evaluation.MeasureTotals;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ReferralState;
import org.kith.schemas.Json;

/**
 * The partnership's evaluation measures, kept as the enforcement core processes each referral,
 * status and decision (never by rescanning a topic): per {@link org.kith.hub.evaluation.Cohort}
 * its {@link CohortCounts}, and messages withheld per month, sender, recipient and reason. The
 * task's totals live in its {@code measures} store; the cells that changed are published, their
 * latest value only, to the compacted measures topic ({@code cohort|<task>|<cohort>},
 * {@code seen-by-referrer|...}, {@code seen-by-recipient|...}, {@code withheld|<task>|<cell>}) by a
 * punctuation, which every instance mirrors so that any of them answers for the whole hub.
 *
 * <p>Codes and counts only, each from its closed list ({@link MeasureCodes}). A cohort's counts are
 * kept three times: as they are ({@code cohort}), and as its referrer and as its recipient were
 * shown its referrals ({@code seen-by-...}): a step consent kept from one side (a status it was told
 * only {@code referral-updated} of) does not move that side's counts, and the recipient of a
 * re-sent referral is not told what became of the first. A partner is shown its side's counts.
 */
final class MeasureRecorder {

    static final String COHORT = "cohort";
    /** A cohort's counts as its referrer was shown its referrals. */
    static final String SEEN_BY_REFERRER = "seen-by-referrer";
    /** A cohort's counts as its recipient was shown its referrals. */
    static final String SEEN_BY_RECIPIENT = "seen-by-recipient";
    static final String WITHHELD = "withheld";

    private static final String UNKNOWN_RECIPIENT = "unknown-recipient";

    private final KeyValueStore<String, byte[]> store;
    private final Map<String, byte[]> dirty = new LinkedHashMap<>();

    /** @param store the task's measures store, or null when measures are switched off */
    MeasureRecorder(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** A referral copy was forwarded; {@code resends} is the earlier referral it re-sends, if any. */
    void forwarded(Referral started, Optional<Referral> resends) {
        update(COHORT, started, counts -> resent(counts.forwarded(), resends.map(Referral::history)));
        update(SEEN_BY_REFERRER, started, counts -> resent(counts.forwarded(),
                resends.map(earlier -> seenBy(earlier.history(), started.referrer()))));
        update(SEEN_BY_RECIPIENT, started, CohortCounts::forwarded);
    }

    /** A referral moved (its last step is the move; {@code status} the message that made it). */
    void moved(Referral after, JsonNode status) {
        List<Referral.Step> steps = after.history();
        update(COHORT, after, counts -> moved(counts, steps, after.recipient(), status));
        Referral.Step move = steps.get(steps.size() - 1);
        if (move.visibleTo(after.referrer())) {
            update(SEEN_BY_REFERRER, after, counts -> moved(counts, seenBy(steps, after.referrer()), after.recipient(), status));
        }
        if (move.visibleTo(after.recipient())) {
            update(SEEN_BY_RECIPIENT, after, counts -> moved(counts, seenBy(steps, after.recipient()), after.recipient(),
                    status));
        }
    }

    /** The counts after the last of {@code steps}, the steps one side was shown (or all of them). */
    private static CohortCounts moved(CohortCounts counts, List<Referral.Step> steps, String recipient, JsonNode status) {
        Referral.Step move = steps.get(steps.size() - 1);
        List<Referral.Step> before = steps.subList(0, steps.size() - 1);
        long minutes = Duration.between(steps.get(0).at(), move.at()).toMinutes();
        CohortCounts next = counts;
        String from = disposition(before);
        String to = disposition(steps);
        if (!from.equals(to)) {
            next = next.moved(from, to);
        }
        switch (move.state()) {
            case DECLINED -> next = next.declined(MeasureCodes.code(move.reasonCode(), MeasureCodes.DECLINE_REASONS));
            case COMPLETED -> next = next.completed(move.outcome() == null ? Cohort.UNKNOWN
                    : MeasureCodes.code(move.outcome(), MeasureCodes.OUTCOMES));
            case WAITLISTED -> {
                if (status.at("/waitlist/estimatedWaitDays").asInt(0) >= CohortCounts.LONG_WAIT_DAYS) {
                    next = next.longWait();
                }
            }
            default -> { }
        }
        boolean byRecipient = move.by().equals(recipient);
        if (byRecipient && before.stream().noneMatch(s -> s.by().equals(recipient))) {
            next = next.reached(CohortCounts.TO_RECEIPT, minutes);
        }
        if (first(move, before, ReferralState.ACCEPTED)) {
            next = next.reached(CohortCounts.TO_ACCEPTANCE, minutes);
        }
        if (first(move, before, ReferralState.IN_PROGRESS)) {
            next = next.reached(CohortCounts.TO_SERVICE_START, minutes);
        }
        return next;
    }

    /** The steps {@code party} made or was shown. */
    private static List<Referral.Step> seenBy(List<Referral.Step> steps, String party) {
        return steps.stream().filter(step -> step.visibleTo(party)).toList();
    }

    private static CohortCounts resent(CohortCounts counts, Optional<List<Referral.Step>> earlier) {
        return earlier.map(steps -> counts.resentAfter(lastEnding(steps))).orElse(counts);
    }

    /** A decision withheld a message from a recipient, for this reason. */
    void withheld(String sender, String recipient, String reason, Instant at) {
        if (store == null) {
            return;
        }
        String coded = MeasureCodes.code(reason, MeasureCodes.WITHHELD_REASONS);
        // an addressee that is not a partner is whatever the sender wrote: it is no label
        String to = coded.equals(UNKNOWN_RECIPIENT) || !recipient.matches(Partner.ID_PATTERN) ? Cohort.UNKNOWN : recipient;
        String key = WITHHELD + "|" + new MeasureTotals.Withheld(at.atZone(ZoneOffset.UTC).toLocalDate().toString()
                .substring(0, 7), sender, to, coded).cell();
        long total = Optional.ofNullable(store.get(key)).map(MeasureRecorder::asLong).orElse(0L) + 1;
        put(key, Long.toString(total).getBytes(StandardCharsets.UTF_8));
    }

    /** The totals that changed since the last call, keyed without the task: the processor adds it. */
    Map<String, byte[]> drain() {
        Map<String, byte[]> out = new LinkedHashMap<>(dirty);
        dirty.clear();
        return out;
    }

    /**
     * Marks every total of the task as changed: after the task starts, since a change committed
     * with the store may not have been published before the task last stopped.
     */
    void republishAll() {
        if (store == null) {
            return;
        }
        try (var all = store.all()) {
            all.forEachRemaining(entry -> dirty.put(entry.key, entry.value));
        }
    }

    /**
     * Where a referral stands for the measures: its state, except that closing keeps a completed,
     * declined or cancelled referral where it was; one closed from elsewhere is {@code closed}.
     */
    static String disposition(List<Referral.Step> steps) {
        ReferralState last = steps.get(steps.size() - 1).state();
        if (last == ReferralState.CLOSED && steps.size() > 1) {
            ReferralState ended = steps.get(steps.size() - 2).state();
            if (ended == ReferralState.COMPLETED || ended == ReferralState.DECLINED || ended == ReferralState.CANCELLED) {
                return ended.code();
            }
        }
        return last.code();
    }

    private static boolean first(Referral.Step move, List<Referral.Step> before, ReferralState state) {
        return move.state() == state && before.stream().noneMatch(s -> s.state() == state);
    }

    private static String lastEnding(List<Referral.Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            ReferralState state = steps.get(i).state();
            if (state == ReferralState.DECLINED || state == ReferralState.CANCELLED) {
                return state.code();
            }
        }
        return "other";
    }

    private void update(String measure, Referral referral, UnaryOperator<CohortCounts> change) {
        if (store == null || referral.cohort() == null) {
            return;
        }
        String key = measure + "|" + referral.cohort();
        CohortCounts current = Optional.ofNullable(store.get(key)).map(MeasureRecorder::counts).orElseGet(CohortCounts::empty);
        put(key, json(change.apply(current)));
    }

    private void put(String key, byte[] value) {
        store.put(key, value);
        dirty.put(key, value);
    }

    static CohortCounts counts(byte[] json) {
        try {
            return Json.mapper().readValue(json, CohortCounts.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable cohort counts", e);
        }
    }

    static long asLong(byte[] value) {
        return Long.parseLong(new String(value, StandardCharsets.UTF_8));
    }

    private static byte[] json(CohortCounts counts) {
        try {
            return Json.mapper().writeValueAsBytes(counts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write cohort counts", e);
        }
    }
}
