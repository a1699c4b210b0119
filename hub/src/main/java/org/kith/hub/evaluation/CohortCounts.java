package org.kith.hub.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to the referrals of one {@link Cohort}, kept incrementally by the enforcement core
 * and summed across its tasks: where each referral stands now ({@code dispositions}: a partition,
 * so the referrals sent are their sum), declines by reason, completions by outcome, re-sends of
 * declined or cancelled referrals, waits of {@value #LONG_WAIT_DAYS} days or more, and the minutes
 * from forwarding to each milestone (value to how many referrals took it: exact medians, and a
 * size bounded by the distinct durations, not by the referrals). Immutable: each change returns a
 * new value.
 */
public record CohortCounts(Map<String, Long> dispositions, Map<String, Long> declines, Map<String, Long> outcomes,
                           Map<String, Long> resent, long longWaits, Map<String, Map<Long, Long>> minutes) {

    /** A waiting list at least this long counts as a service gap. */
    public static final int LONG_WAIT_DAYS = 30;
    public static final String TO_RECEIPT = "time-to-receipt";
    public static final String TO_ACCEPTANCE = "time-to-acceptance";
    public static final String TO_SERVICE_START = "time-to-service-start";
    public static final List<String> MILESTONES = List.of(TO_RECEIPT, TO_ACCEPTANCE, TO_SERVICE_START);

    public CohortCounts {
        dispositions = sorted(dispositions);
        declines = sorted(declines);
        outcomes = sorted(outcomes);
        resent = sorted(resent);
        Map<String, Map<Long, Long>> copy = new TreeMap<>();
        if (minutes != null) {
            minutes.forEach((milestone, values) -> copy.put(milestone, sorted(values)));
        }
        minutes = java.util.Collections.unmodifiableMap(copy);
    }

    public static CohortCounts empty() {
        return new CohortCounts(Map.of(), Map.of(), Map.of(), Map.of(), 0, Map.of());
    }

    /** A referral of this cohort was forwarded: it stands at {@code requested}. */
    public CohortCounts forwarded() {
        return withDispositions(add(dispositions, "requested", 1));
    }

    /** A referral moved from one disposition to another. */
    public CohortCounts moved(String from, String to) {
        return withDispositions(add(add(dispositions, from, -1), to, 1));
    }

    public CohortCounts declined(String reason) {
        return new CohortCounts(dispositions, add(declines, reason, 1), outcomes, resent, longWaits, minutes);
    }

    public CohortCounts completed(String outcome) {
        return new CohortCounts(dispositions, declines, add(outcomes, outcome, 1), resent, longWaits, minutes);
    }

    /** A referral of this cohort re-sends one that was {@code declined} or {@code cancelled}. */
    public CohortCounts resentAfter(String what) {
        return new CohortCounts(dispositions, declines, outcomes, add(resent, what, 1), longWaits, minutes);
    }

    public CohortCounts longWait() {
        return new CohortCounts(dispositions, declines, outcomes, resent, longWaits + 1, minutes);
    }

    /** A referral reached {@code milestone} this many minutes after it was forwarded. */
    public CohortCounts reached(String milestone, long after) {
        Map<String, Map<Long, Long>> next = new TreeMap<>(minutes);
        next.put(milestone, add(minutes.getOrDefault(milestone, Map.of()), after, 1));
        return new CohortCounts(dispositions, declines, outcomes, resent, longWaits, next);
    }

    /** The sum of two cells' counts: two tasks' totals for one cohort, or two cohorts in one group. */
    public CohortCounts plus(CohortCounts other) {
        Map<String, Map<Long, Long>> next = new TreeMap<>(minutes);
        other.minutes.forEach((milestone, values) -> next.put(milestone, sum(next.getOrDefault(milestone, Map.of()), values)));
        return new CohortCounts(sum(dispositions, other.dispositions), sum(declines, other.declines),
                sum(outcomes, other.outcomes), sum(resent, other.resent), longWaits + other.longWaits, next);
    }

    /** Referrals sent: every referral stands somewhere. */
    @JsonIgnore
    public long sent() {
        return dispositions.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The durations to {@code milestone}, in minutes, ascending, one per referral. */
    public List<Long> durations(String milestone) {
        List<Long> all = new ArrayList<>();
        minutes.getOrDefault(milestone, Map.of()).forEach((value, count) -> {
            for (long i = 0; i < count; i++) {
                all.add(value);
            }
        });
        return all;
    }

    private CohortCounts withDispositions(Map<String, Long> next) {
        return new CohortCounts(next, declines, outcomes, resent, longWaits, minutes);
    }

    private static <K extends Comparable<K>> Map<K, Long> add(Map<K, Long> counts, K key, long delta) {
        Map<K, Long> next = new TreeMap<>(counts);
        long value = next.getOrDefault(key, 0L) + delta;
        if (value == 0) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        return next;
    }

    private static <K extends Comparable<K>> Map<K, Long> sum(Map<K, Long> a, Map<K, Long> b) {
        Map<K, Long> next = new TreeMap<>(a);
        b.forEach((key, value) -> next.merge(key, value, Long::sum));
        next.values().removeIf(v -> v == 0);
        return next;
    }

    private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, Long> counts) {
        return java.util.Collections.unmodifiableMap(counts == null ? new TreeMap<>() : new TreeMap<>(counts));
    }
}
