package org.kith.hub.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The suppression rule over random tables (1..6 x 1..6, counts mostly small, some large) and
 * thresholds 2..15. Disclosure is judged by {@link LinearDisclosure}, which solves the row and
 * column equations by exact elimination instead of looking for cycles as the implementation does.
 */
class SuppressionPropertiesTest {

    record Case(long[][] counts, int threshold) {
        CountTable table() {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                rows.add("r" + i);
            }
            List<String> columns = new ArrayList<>();
            for (int j = 0; j < counts[0].length; j++) {
                columns.add("c" + j);
            }
            return new CountTable("t", "T", "row", "column", rows, columns, counts);
        }

        /** The true (R+1) x (C+1) values, margins summed here rather than by the implementation. */
        long value(int i, int j) {
            long sum = 0;
            for (int r = 0; r < counts.length; r++) {
                for (int c = 0; c < counts[0].length; c++) {
                    if ((i == counts.length || i == r) && (j == counts[0].length || j == c)) {
                        sum += counts[r][c];
                    }
                }
            }
            return sum;
        }

        @Override
        public String toString() {
            return "threshold " + threshold + " " + java.util.Arrays.deepToString(counts);
        }
    }

    @Provide
    Arbitrary<Case> tables() {
        Arbitrary<Long> count = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(5, Arbitraries.longs().between(1, 15)),
                Tuple.of(3, Arbitraries.longs().between(16, 30)),
                Tuple.of(1, Arbitraries.longs().between(31, 5000)));
        return cases(count);
    }

    /** Only small non-zero counts: the degenerate end, where totals must go too. */
    @Provide
    Arbitrary<Case> smallTables() {
        return cases(Arbitraries.longs().between(0, 5));
    }

    private static Arbitrary<Case> cases(Arbitrary<Long> count) {
        return Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.integers().between(1, 6),
                        Arbitraries.integers().between(2, 15))
                .flatAs((rows, columns, threshold) -> count.list().ofSize(columns).list().ofSize(rows)
                        .map(lists -> new Case(lists.stream()
                                .map(row -> row.stream().mapToLong(Long::longValue).toArray())
                                .toArray(long[][]::new), threshold)));
    }

    @Property(tries = 600)
    void smallValuesAreSuppressed(@ForAll("tables") Case c) {
        PublishedTable published = new Suppression(c.threshold()).publish(c.table());
        forEachEntry(c, (i, j) -> {
            long value = c.value(i, j);
            if (value >= 1 && value < c.threshold()) {
                assertTrue(LinearDisclosure.entry(published, i, j).suppressed(), "(" + i + "," + j + ") = " + value);
            }
        });
    }

    @Property(tries = 600)
    void noSuppressedEntryCanBeWorkedOut(@ForAll("tables") Case c) {
        PublishedTable published = new Suppression(c.threshold()).publish(c.table());
        Statistics.label("suppressed").collect(published.suppressedCount() == 0 ? "none"
                : published.suppressedCount() <= 4 ? "1-4" : "5+");
        assertNothingDetermined(published);
    }

    @Property(tries = 300)
    void smallTablesAreSafeToo(@ForAll("smallTables") Case c) {
        PublishedTable published = new Suppression(c.threshold()).publish(c.table());
        assertNothingDetermined(published);
        forEachEntry(c, (i, j) -> {
            long value = c.value(i, j);
            if (value >= 1 && value < c.threshold()) {
                assertTrue(LinearDisclosure.entry(published, i, j).suppressed());
            }
        });
    }

    @Property(tries = 600)
    void shownValuesAreTrue(@ForAll("tables") Case c) {
        PublishedTable published = new Suppression(c.threshold()).publish(c.table());
        forEachEntry(c, (i, j) -> {
            Entry entry = LinearDisclosure.entry(published, i, j);
            if (!entry.suppressed()) {
                assertEquals(c.value(i, j), entry.valueOrNull());
            }
        });
    }

    @Property(tries = 300)
    void aTableWithoutSmallCountsIsPublishedInFull(@ForAll("tables") Case c) {
        long[][] counts = java.util.Arrays.stream(c.counts()).map(long[]::clone).toArray(long[][]::new);
        for (long[] row : counts) {
            for (int j = 0; j < row.length; j++) {
                if (row[j] > 0 && row[j] < c.threshold()) {
                    row[j] += c.threshold();
                }
            }
        }
        Case large = new Case(counts, c.threshold());
        assertEquals(0, new Suppression(c.threshold()).publish(large.table()).suppressedCount());
    }

    @Property(tries = 200)
    void theSameTableAlwaysGivesTheSamePattern(@ForAll("tables") Case c) {
        Suppression suppression = new Suppression(c.threshold());
        assertEquals(suppression.publish(c.table()), suppression.publish(c.table()));
    }

    private static void assertNothingDetermined(PublishedTable published) {
        List<int[]> determined = LinearDisclosure.determined(published);
        assertFalse(!determined.isEmpty(), () -> "derivable: " + determined.stream()
                .map(p -> "(" + p[0] + "," + p[1] + ")").collect(Collectors.joining(" ")));
    }

    private interface EntryCheck {
        void check(int i, int j);
    }

    private static void forEachEntry(Case c, EntryCheck check) {
        for (int i = 0; i <= c.counts().length; i++) {
            for (int j = 0; j <= c.counts()[0].length; j++) {
                check.check(i, j);
            }
        }
    }
}
