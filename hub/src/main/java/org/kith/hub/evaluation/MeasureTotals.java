package org.kith.hub.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.kith.hub.config.Partner;
import org.kith.hub.referral.ServiceGap;

/**
 * The whole hub's measures at one moment: every cohort's counts, as they are and as each side of
 * its referrals was shown them ({@link Side}), and the withheld-message counts, each summed over the
 * tasks that kept them. Codes and counts only, exact: what suppression then makes fit to publish.
 */
public record MeasureTotals(Map<Cohort, CohortCounts> cohorts, Map<Side, Map<Cohort, CohortCounts>> seen,
                            Map<Withheld, Long> withheld) {

    /** A side of a cohort's referrals, and what it was shown of them. */
    public enum Side {
        REFERRER, RECIPIENT
    }

    /** Messages withheld in a month from a sender to a recipient for a reason (the engine's code). */
    public record Withheld(String period, String sender, String recipient, String reason) {

        public Withheld {
            if (!period.matches("[0-9]{4}-[0-9]{2}") || !sender.matches(Partner.ID_PATTERN)
                    || !recipient.matches(Partner.ID_PATTERN)
                    || !(MeasureCodes.WITHHELD_REASONS.contains(reason) || reason.equals(MeasureCodes.OTHER))) {
                throw new IllegalArgumentException("a withheld cell is a month, two partner ids and a reason code");
            }
        }

        public static Withheld parse(String cell) {
            String[] parts = cell.split("\\|", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not a withheld cell");
            }
            return new Withheld(parts[0], parts[1], parts[2], parts[3]);
        }

        /** The cell's key, as {@link #parse} reads it. */
        public String cell() {
            return String.join("|", period, sender, recipient, reason);
        }
    }

    public MeasureTotals {
        cohorts = Map.copyOf(cohorts);
        Map<Side, Map<Cohort, CohortCounts>> sides = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            sides.put(side, Map.copyOf(seen.getOrDefault(side, Map.of())));
        }
        seen = java.util.Collections.unmodifiableMap(sides);
        withheld = Map.copyOf(withheld);
    }

    /** Collects per-task totals: a cohort or cell kept by several tasks is summed. */
    public static final class Builder {
        private final Map<Cohort, CohortCounts> cohorts = new TreeMap<>(Comparator.comparing(Cohort::key));
        private final Map<Side, Map<Cohort, CohortCounts>> seen = new EnumMap<>(Side.class);
        private final Map<Withheld, Long> withheld = new java.util.HashMap<>();

        public Builder cohort(Cohort cohort, CohortCounts counts) {
            cohorts.merge(cohort, counts, CohortCounts::plus);
            return this;
        }

        /** The counts of {@code cohort} as {@code side} was shown them. */
        public Builder seen(Side side, Cohort cohort, CohortCounts counts) {
            seen.computeIfAbsent(side, s -> new TreeMap<>(Comparator.comparing(Cohort::key)))
                    .merge(cohort, counts, CohortCounts::plus);
            return this;
        }

        public Builder withheld(Withheld cell, long count) {
            withheld.merge(cell, count, Long::sum);
            return this;
        }

        public MeasureTotals build() {
            return new MeasureTotals(cohorts, seen, withheld);
        }
    }

    /** Only the cohorts and withheld cells {@code keep} and {@code keepWithheld} accept. */
    public MeasureTotals filter(Predicate<Cohort> keep, Predicate<Withheld> keepWithheld) {
        Builder out = new Builder();
        cohorts.forEach((cohort, counts) -> {
            if (keep.test(cohort)) {
                out.cohort(cohort, counts);
            }
        });
        seen.forEach((side, counts) -> counts.forEach((cohort, value) -> {
            if (keep.test(cohort)) {
                out.seen(side, cohort, value);
            }
        }));
        withheld.forEach((cell, count) -> {
            if (keepWithheld.test(cell)) {
                out.withheld(cell, count);
            }
        });
        return out.build();
    }

    /**
     * The measures as {@code viewer} is shown them. The partnership: all of them, as they are.
     * Partners: the cohorts of the referrals one of them sent or received, with the counts that side
     * was shown (as they are where both sides are among them: each step was made by one of them),
     * and the withheld messages one of them sent: a recipient is never told that anything was
     * withheld from it, nor shown a step consent kept from it.
     */
    public MeasureTotals seenBy(MeasureViewer viewer) {
        if (!(viewer instanceof MeasureViewer.Partners partners)) {
            return this;
        }
        Builder out = new Builder();
        cohorts.forEach((cohort, counts) -> {
            boolean referrer = partners.ids().contains(cohort.referrer());
            boolean recipient = partners.ids().contains(cohort.recipient());
            if (referrer && recipient) {
                out.cohort(cohort, counts);
            } else if (referrer || recipient) {
                CohortCounts shown = seen.get(referrer ? Side.REFERRER : Side.RECIPIENT).get(cohort);
                if (shown != null) {
                    out.cohort(cohort, shown);
                }
            }
        });
        withheld.forEach((cell, count) -> {
            if (partners.ids().contains(cell.sender())) {
                out.withheld(cell, count);
            }
        });
        return out.build();
    }

    /**
     * The service-gap list: declines by reason and waits of {@value CohortCounts#LONG_WAIT_DAYS}
     * days or more ({@code long-wait}), per service type and area, largest first.
     */
    public List<ServiceGap> serviceGaps() {
        Map<String, Long> cells = new TreeMap<>();
        cohorts.forEach((cohort, counts) -> {
            String where = cohort.serviceType() + "|" + cohort.area() + "|";
            counts.declines().forEach((reason, n) ->
                    cells.merge(where + MeasureCodes.code(reason, MeasureCodes.DECLINE_REASONS), n, Long::sum));
            if (counts.longWaits() > 0) {
                cells.merge(where + LONG_WAIT, counts.longWaits(), Long::sum);
            }
        });
        List<ServiceGap> gaps = new ArrayList<>();
        cells.forEach((cell, count) -> {
            String[] parts = cell.split("\\|", 3);
            gaps.add(new ServiceGap(parts[0], parts[1], parts[2], count));
        });
        gaps.sort(Comparator.comparing(ServiceGap::count).reversed().thenComparing(ServiceGap::serviceType)
                .thenComparing(ServiceGap::area).thenComparing(ServiceGap::reason));
        return gaps;
    }

    public static final String LONG_WAIT = "long-wait";
}
