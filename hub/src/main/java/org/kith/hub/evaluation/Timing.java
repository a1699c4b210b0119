package org.kith.hub.evaluation;

import java.util.Arrays;

/**
 * Time from a referral being sent to a milestone, for one group; median and p90 {@code null} when
 * suppressed (or when there is nothing to summarise, {@code count == 0}).
 *
 * <p>The renderers also treat a row as suppressed whenever {@code 1 <= count < threshold}, whatever
 * it carries: a median of three waits is nearly one family's wait. The count itself is then
 * withheld too.
 */
public record Timing(String group, long count, Long medianMinutes, Long p90Minutes) {

    public Timing {
        CountTable.requireText(group, "group");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if ((medianMinutes == null) != (p90Minutes == null)) {
            throw new IllegalArgumentException("median and p90 are shown or suppressed together");
        }
        if (medianMinutes != null && (count == 0 || medianMinutes < 0 || p90Minutes < medianMinutes)) {
            throw new IllegalArgumentException("need 0 <= median <= p90 and a non-zero count");
        }
    }

    /**
     * The timing of a group from its waits in minutes, nearest-rank median and 90th percentile,
     * suppressed below {@code threshold}. For the pipeline, so that every measure is cut the same way.
     */
    public static Timing of(String group, long[] minutes, int threshold) {
        long count = minutes.length;
        if (count == 0 || count < threshold) {
            return new Timing(group, count, null, null);
        }
        long[] sorted = minutes.clone();
        Arrays.sort(sorted);
        return new Timing(group, count, nearestRank(sorted, 50), nearestRank(sorted, 90));
    }

    /** Whether this row must not be shown under {@code threshold}. */
    public boolean suppressedAt(int threshold) {
        return (count >= 1 && count < threshold) || (count > 0 && medianMinutes == null);
    }

    private static long nearestRank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
