package org.kith.hub.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.kith.hub.referral.ServiceGap;

/**
 * The whole hub's measures at one moment: every cohort's counts and the withheld-message counts,
 * each summed over the tasks that kept them. Codes and counts only, exact: what suppression then
 * makes fit to publish.
 */
public record MeasureTotals(Map<Cohort, CohortCounts> cohorts, Map<Withheld, Long> withheld) {

    /** Messages withheld in a month from a sender to a recipient for a reason (the engine's code). */
    public record Withheld(String period, String sender, String recipient, String reason) {

        public static Withheld parse(String cell) {
            String[] parts = cell.split("\\|", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not a withheld cell");
            }
            return new Withheld(parts[0], parts[1], parts[2], parts[3]);
        }
    }

    public MeasureTotals {
        cohorts = Map.copyOf(cohorts);
        withheld = Map.copyOf(withheld);
    }

    /** Collects per-task totals: a cohort or cell kept by several tasks is summed. */
    public static final class Builder {
        private final Map<Cohort, CohortCounts> cohorts = new TreeMap<>(Comparator.comparing(Cohort::key));
        private final Map<Withheld, Long> withheld = new java.util.HashMap<>();

        public Builder cohort(Cohort cohort, CohortCounts counts) {
            cohorts.merge(cohort, counts, CohortCounts::plus);
            return this;
        }

        public Builder withheld(Withheld cell, long count) {
            withheld.merge(cell, count, Long::sum);
            return this;
        }

        public MeasureTotals build() {
            return new MeasureTotals(cohorts, withheld);
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
        withheld.forEach((cell, count) -> {
            if (keepWithheld.test(cell)) {
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
            counts.declines().forEach((reason, n) -> cells.merge(where + reason, n, Long::sum));
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
