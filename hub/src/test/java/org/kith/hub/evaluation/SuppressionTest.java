package org.kith.hub.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers, checked by hand; '*' marks a suppressed entry, the last row and column are totals. */
class SuppressionTest {

    static CountTable table(long[]... counts) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            rows.add("r" + (i + 1));
        }
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < (counts.length == 0 ? 0 : counts[0].length); j++) {
            columns.add(String.valueOf((char) ('a' + j)));
        }
        return new CountTable("t", "A table", "row", "column", rows, columns, counts);
    }

    /** The published table as text, rows of the (R+1) x (C+1) table separated by '|'. */
    static String pattern(PublishedTable table) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= table.rows().size(); i++) {
            if (i > 0) {
                out.append(" | ");
            }
            for (int j = 0; j <= table.columns().size(); j++) {
                Entry entry = LinearDisclosure.entry(table, i, j);
                out.append(j > 0 ? " " : "").append(entry.suppressed() ? "*" : entry.valueOrNull());
            }
        }
        return out.toString();
    }

    @Test
    void aSmallCellIsHiddenWithTheCheapestRectangleOfCells() {
        // 5 is small. Detours from r1 to b: 20+12+18 = 50 (via r3) beats 20+15+25 = 60 and any
        // path through c (30+...), so a, b of r1 and r3 go; every total stays.
        PublishedTable published = new Suppression(11).publish(table(
                new long[] {20, 5, 30},
                new long[] {15, 25, 40},
                new long[] {12, 18, 50}));
        assertEquals("* * 30 55 | 15 25 40 80 | * * 50 80 | 47 48 120 215", pattern(published));
        assertTrue(LinearDisclosure.determined(published).isEmpty());
    }

    @Test
    void aRowWithASingleSmallCellTakesItsTotalAndAnotherRowsTotalWithIt() {
        // r1 = 0 4 0, so its total is 4 too. Cheapest detour from r1 to b without zeros: the total
        // of r1 (already hidden), then r3's total 76 and r3's b 22 (98, against 75+30 via r2).
        PublishedTable published = new Suppression(11).publish(table(
                new long[] {0, 4, 0},
                new long[] {20, 30, 25},
                new long[] {14, 22, 40}));
        assertEquals("0 * 0 * | 20 30 25 75 | 14 * 40 * | 34 56 65 155", pattern(published));
        assertTrue(LinearDisclosure.determined(published).isEmpty());
    }

    @Test
    void aOneColumnTableHidesASecondRowNotTheGrandTotal() {
        // Each row total equals its cell; r1 = 5 needs a partner row: r2 (20 + 20) is cheaper than
        // the column and grand totals (two totals).
        PublishedTable published = new Suppression(11).publish(table(
                new long[] {5}, new long[] {20}, new long[] {30}));
        assertEquals("* * | * * | 30 30 | 55 55", pattern(published));
        assertTrue(LinearDisclosure.determined(published).isEmpty());
    }

    @Test
    void aOneCellTableThatIsSmallLosesEverything() {
        PublishedTable published = new Suppression(11).publish(table(new long[] {5}));
        assertEquals("* * | * *", pattern(published));
    }

    @Test
    void aOneRowTableOfSmallCountsLosesItsGrandTotal() {
        PublishedTable published = new Suppression(11).publish(table(new long[] {3, 4}));
        assertEquals("* * * | * * *", pattern(published));
        assertTrue(published.grandTotal().suppressed());
    }

    @Test
    void aSmallTotalIsSuppressedLikeACell() {
        // Cells 0, 3 and 4 give a row total of 7; the 3 and 4 are small anyway, and the detour
        // runs through r2.
        PublishedTable published = new Suppression(11).publish(table(
                new long[] {0, 3, 4},
                new long[] {40, 50, 60}));
        assertTrue(published.rowTotals().get(0).suppressed());
        assertTrue(LinearDisclosure.determined(published).isEmpty());
    }

    @Test
    void anAllZeroTableIsShownInFull() {
        PublishedTable published = new Suppression(11).publish(table(new long[] {0, 0}, new long[] {0, 0}));
        assertEquals("0 0 0 | 0 0 0 | 0 0 0", pattern(published));
    }

    @Test
    void anEmptyTableHasOnlyAZeroGrandTotal() {
        PublishedTable published = new Suppression(11).publish(
                new CountTable("t", "T", "row", "column", List.of(), List.of("a"), new long[0][]));
        assertEquals(new Entry.Shown(0), published.grandTotal());
    }

    @Test
    void thresholdOneShowsEverything() {
        PublishedTable published = new Suppression(1).publish(table(new long[] {1, 2}, new long[] {3, 4}));
        assertEquals("1 2 3 | 3 4 7 | 4 6 10", pattern(published));
    }

    @Test
    void theOracleSeesADisclosure() {
        // One hidden cell with its totals shown is the textbook disclosure: the oracle must say so.
        PublishedTable leaky = new PublishedTable("t", "T", "row", "column", List.of("r1", "r2"), List.of("a", "b"),
                List.of(List.of(new Entry.Suppressed(), new Entry.Shown(20)),
                        List.of(new Entry.Shown(30), new Entry.Shown(40))),
                List.of(new Entry.Shown(25), new Entry.Shown(70)),
                List.of(new Entry.Shown(35), new Entry.Shown(60)), new Entry.Shown(95));
        assertEquals(1, LinearDisclosure.determined(leaky).size());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new Suppression(0));
        assertThrows(IllegalArgumentException.class, () -> table(new long[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> table(new long[] {1, 2}, new long[] {3}));
        assertThrows(IllegalArgumentException.class,
                () -> new CountTable(" ", "T", "row", "column", List.of("r"), List.of("c"), new long[][] {{1}}));
        assertThrows(IllegalArgumentException.class,
                () -> new CountTable("t", "T", "row", "column", List.of("r", "r"), List.of("c"),
                        new long[][] {{1}, {2}}));
        assertThrows(IllegalArgumentException.class,
                () -> new CountTable("t", "T", "row", "column", List.of(""), List.of("c"), new long[][] {{1}}));
    }

    @Test
    void aCountTableIsCopiedInAndOut() {
        long[][] counts = {{1, 2}};
        CountTable table = table(counts);
        counts[0][0] = 99;
        table.counts()[0][1] = 99;
        assertEquals(1, table.count(0, 0));
        assertEquals(2, table.count(0, 1));
        assertEquals(table, table(new long[] {1, 2}));
    }
}
