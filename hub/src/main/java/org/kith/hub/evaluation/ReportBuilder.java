package org.kith.hub.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Turns the hub's exact {@link MeasureTotals} into a report fit to publish: the count tables a
 * partnership reads (where referrals stand by partner pair, service type and area; declines by
 * reason; outcomes; completion; re-sends; messages withheld; service gaps; the same dispositions by
 * demographic group), each through {@link Suppression} (and, for a public release, discrete Laplace noise
 * first), and the times to each milestone with their medians and 90th percentiles
 * ({@link Timing#of}), shown only for groups of at least the threshold.
 */
public final class ReportBuilder {

    /** Where a referral stands: a partition of the referrals sent, so rows add up to what was sent. */
    public static final List<String> DISPOSITIONS = List.of("requested", "received", "waitlisted", "accepted",
            "in-progress", "completed", "declined", "cancelled", "closed");
    public static final List<String> DECLINE_REASONS = List.of("no-capacity", "not-eligible", "service-not-offered",
            "family-declined", "unable-to-contact", "other");
    public static final List<String> OUTCOMES = List.of("goals-met", "partially-met", "not-met", "family-withdrew");
    /** Declines that say a service is missing rather than that a family chose otherwise, plus long waits. */
    static final List<String> GAP_REASONS = List.of("no-capacity", "not-eligible", "service-not-offered");
    private static final String ARROW = " \u2192 ";

    private final EvaluationSettings settings;

    public ReportBuilder(EvaluationSettings settings) {
        this.settings = settings;
    }

    /**
     * The report on {@code totals} (already narrowed to what its reader may see).
     *
     * @param publicRelease whether it is for a public release: noise first, where configured
     */
    public EvaluationReport build(String title, String scope, MeasureTotals totals, boolean publicRelease,
                                  RandomGenerator random, Instant now) {
        boolean noisy = publicRelease && settings.publicEpsilon().isPresent();
        Suppression suppression = new Suppression(settings.threshold());
        List<PublishedTable> published = new ArrayList<>();
        for (CountTable table : tables(totals)) {
            CountTable released = noisy ? new LaplaceNoise(settings.publicEpsilon().get(), random).perturb(table) : table;
            published.add(suppression.publish(released));
        }
        String noise = noisy ? "Each count had discrete Laplace noise (exact, whole numbers) with epsilon " + settings.publicEpsilon().get()
                + " per table added before suppression; totals are sums of the noisy counts." : null;
        return new EvaluationReport(title, scope, now, settings.threshold(), noise, published, timings(totals));
    }

    /** The exact count tables, before anything is suppressed: for the publication step, and for tests. */
    public List<CountTable> tables(MeasureTotals totals) {
        Map<Cohort, CohortCounts> cohorts = totals.cohorts();
        List<CountTable> tables = new ArrayList<>();
        tables.add(dispositions("referrals-by-month", "Referrals by the month they were sent, where they stand now", "month",
                cohorts, Cohort::period));
        tables.add(dispositions("referrals-by-pair", "Referrals by partner pair, where they stand now", "referrer \u2192 recipient",
                cohorts, c -> c.referrer() + ARROW + c.recipient()));
        tables.add(dispositions("referrals-by-service", "Referrals by service type, where they stand now", "service type",
                cohorts, Cohort::serviceType));
        tables.add(dispositions("referrals-by-area", "Referrals by area, where they stand now", "area", cohorts, Cohort::area));
        tables.add(byRow("declines-by-reason", "Declines by service type and reason", "service type", "reason",
                DECLINE_REASONS, cohorts, Cohort::serviceType, CohortCounts::declines));
        tables.add(byRow("outcomes-by-service", "Completed referrals by outcome", "service type", "outcome",
                OUTCOMES, cohorts, Cohort::serviceType, CohortCounts::outcomes));
        tables.add(byRow("completion-by-service", "Accepted referrals: completed or not (yet)", "service type", "completion",
                List.of("completed", "not-completed"), cohorts, Cohort::serviceType, ReportBuilder::completion));
        tables.add(byRow("rereferrals", "Referrals re-sent to another provider, by what became of the first",
                "service type", "re-sent after", List.of("declined", "cancelled"), cohorts, Cohort::serviceType,
                CohortCounts::resent));
        tables.add(withheld(totals.withheld()));
        tables.add(serviceGaps(cohorts));
        tables.add(dispositions("disparities-race-ethnicity", "Referrals by race and ethnicity of the person referred",
                "race and ethnicity", cohorts, Cohort::raceEthnicity));
        tables.add(dispositions("disparities-language", "Referrals by primary language of the person referred",
                "primary language", cohorts, Cohort::language));
        tables.add(dispositions("disparities-age-band", "Referrals by age of the person referred", "age band",
                cohorts, Cohort::ageBand));
        return tables;
    }

    /** The times to each milestone by service type and for all services; a group smaller than the threshold shows no figure. */
    public List<TimingTable> timings(MeasureTotals totals) {
        Map<String, CohortCounts> byService = new TreeMap<>();
        CohortCounts all = CohortCounts.empty();
        for (Map.Entry<Cohort, CohortCounts> entry : totals.cohorts().entrySet()) {
            byService.merge(entry.getKey().serviceType(), entry.getValue(), CohortCounts::plus);
            all = all.plus(entry.getValue());
        }
        List<TimingTable> tables = new ArrayList<>();
        for (String milestone : CohortCounts.MILESTONES) {
            List<Timing> rows = new ArrayList<>();
            byService.forEach((service, counts) -> rows.add(timing(service, counts.durations(milestone))));
            rows.add(timing("all services", all.durations(milestone)));
            rows.removeIf(row -> row.count() == 0);
            tables.add(new TimingTable(milestone, MILESTONE_TITLES.get(milestone), "service type", rows));
        }
        return tables;
    }

    private static Map<String, Long> completion(CohortCounts counts) {
        long accepted = counts.minutes().getOrDefault(CohortCounts.TO_ACCEPTANCE, Map.of()).values().stream()
                .mapToLong(Long::longValue).sum();
        long completed = counts.outcomes().values().stream().mapToLong(Long::longValue).sum();
        return Map.of("completed", completed, "not-completed", Math.max(0, accepted - completed));
    }

    private static CountTable dispositions(String id, String title, String rowDimension, Map<Cohort, CohortCounts> cohorts,
                                           Function<Cohort, String> group) {
        return byRow(id, title, rowDimension, "stands at", DISPOSITIONS, cohorts, group, CohortCounts::dispositions);
    }

    /** Groups cohorts by {@code group} and sums one count map of theirs into the given columns (others as {@code other}). */
    private static CountTable byRow(String id, String title, String rowDimension, String columnDimension,
                                    List<String> columns, Map<Cohort, CohortCounts> cohorts, Function<Cohort, String> group,
                                    Function<CohortCounts, Map<String, Long>> counts) {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        cohorts.forEach((cohort, value) -> {
            Map<String, Long> row = rows.computeIfAbsent(group.apply(cohort), k -> new LinkedHashMap<>());
            counts.apply(value).forEach((column, n) -> row.merge(columns.contains(column) ? column : "other", n, Long::sum));
        });
        rows.values().removeIf(row -> row.values().stream().allMatch(n -> n == 0));
        return table(id, title, rowDimension, columnDimension, rows, columns);
    }

    private static CountTable withheld(Map<MeasureTotals.Withheld, Long> withheld) {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        TreeSet<String> reasons = new TreeSet<>();
        withheld.forEach((cell, n) -> {
            rows.computeIfAbsent(cell.sender() + ARROW + cell.recipient(), k -> new LinkedHashMap<>())
                    .merge(cell.reason(), n, Long::sum);
            reasons.add(cell.reason());
        });
        return table("withheld-by-reason", "Messages withheld, by partner pair and reason", "sender \u2192 recipient",
                "reason", rows, List.copyOf(reasons));
    }

    private static CountTable serviceGaps(Map<Cohort, CohortCounts> cohorts) {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        TreeSet<String> areas = new TreeSet<>();
        cohorts.forEach((cohort, counts) -> {
            long gaps = counts.longWaits() + GAP_REASONS.stream().mapToLong(r -> counts.declines().getOrDefault(r, 0L)).sum();
            if (gaps > 0) {
                rows.computeIfAbsent(cohort.serviceType(), k -> new LinkedHashMap<>()).merge(cohort.area(), gaps, Long::sum);
                areas.add(cohort.area());
            }
        });
        return table("service-gaps", "Service gaps: declines for capacity or eligibility, and long waits",
                "service type", "area", rows, List.copyOf(areas));
    }

    private static CountTable table(String id, String title, String rowDimension, String columnDimension,
                                    Map<String, Map<String, Long>> rows, List<String> columns) {
        List<String> allColumns = new ArrayList<>(columns);
        if (rows.values().stream().anyMatch(row -> row.containsKey("other")) && !allColumns.contains("other")) {
            allColumns.add("other");
        }
        List<String> rowNames = List.copyOf(rows.keySet());
        long[][] counts = new long[rowNames.size()][allColumns.size()];
        for (int r = 0; r < rowNames.size(); r++) {
            Map<String, Long> row = rows.get(rowNames.get(r));
            for (int c = 0; c < allColumns.size(); c++) {
                counts[r][c] = row.getOrDefault(allColumns.get(c), 0L);
            }
        }
        return new CountTable(id, title, rowDimension, columnDimension, rowNames, allColumns, counts);
    }

    private Timing timing(String group, List<Long> minutes) {
        return Timing.of(group, minutes.stream().mapToLong(Long::longValue).toArray(), settings.threshold());
    }

    private static final Map<String, String> MILESTONE_TITLES = Map.of(
            CohortCounts.TO_RECEIPT, "Time from referral to receipt",
            CohortCounts.TO_ACCEPTANCE, "Time from referral to acceptance",
            CohortCounts.TO_SERVICE_START, "Time from referral to the start of the service");
}
