package org.kith.hub.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Report fixtures for the renderer tests; labels include hostile ones, as partners may send. */
final class Reports {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String QUOTES = "\"&'";
    static final String FORMULA = "=HYPERLINK(\"http://x\",\"y\")";

    private Reports() {
    }

    /**
     * Threshold 11. The true values 7 and 3 in r1 are small; the cheapest detour hides r2's 20 and
     * 24 (44 against 47 for r3). Every shown number avoids the digits 3 and 7. With {@code shift} the
     * hidden four move around their cycle (+s, -s, -s, +s), which leaves every shown number and the
     * pattern as they are.
     */
    static CountTable secretTable(int shift) {
        return new CountTable("referrals-by-area", "Referrals by area", "area", "status",
                List.of("North", "South", "East"), List.of("accepted", "declined", "waitlisted"),
                new long[][] {
                    {7 + shift, 3 - shift, 50},
                    {20 - shift, 24 + shift, 46},
                    {22, 25, 44}});
    }

    static final List<Long> SECRET_VALUES = List.of(7L, 3L, 20L, 24L);

    static CountTable hostileTable() {
        return new CountTable("declines-by-reason", "Declines by " + SCRIPT, "service " + QUOTES, "reason",
                List.of(SCRIPT, QUOTES, FORMULA, "a,b\r\nc"), List.of("no-capacity", "-1+1", "@sum"),
                new long[][] {{40, 30, 20}, {15, 0, 12}, {50, 60, 70}, {0, 0, 0}});
    }

    static TimingTable timings() {
        return new TimingTable("time-to-acceptance", "Time to acceptance", "service type", List.of(
                new Timing("mental-health", 40, 300L, 4_000L),
                new Timing("housing", 4, null, null),
                new Timing(SCRIPT, 25, 90L, 2_880L),
                new Timing("respite", 0, null, null)));
    }

    static EvaluationReport report(CountTable... tables) {
        Suppression suppression = new Suppression(Suppression.DEFAULT_THRESHOLD);
        List<PublishedTable> published = new ArrayList<>();
        for (CountTable table : tables) {
            published.add(suppression.publish(table));
        }
        return new EvaluationReport("Partnership evaluation " + SCRIPT, "Three counties " + QUOTES,
                Instant.parse("2024-06-01T09:00:00Z"), Suppression.DEFAULT_THRESHOLD, null,
                published, List.of(timings()));
    }
}
