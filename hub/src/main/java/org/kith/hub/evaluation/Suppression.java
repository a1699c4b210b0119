package org.kith.hub.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-cell suppression with complementary suppression: what may be published of a
 * {@link CountTable}.
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li><b>Primary.</b> A cell, a row or column total, or the grand total with
 *       {@code 1 <= count < threshold} is suppressed. A zero is shown: it says that nobody is in
 *       that cell, which discloses no one.</li>
 *   <li><b>Complementary.</b> The published table is the {@code (R+1) x (C+1)} table of cells, row
 *       totals, column totals and the grand total. No suppressed entry may be worked out exactly
 *       from the published ones through the row and column sums. So more entries are suppressed
 *       until none can: preferably the smallest non-zero cells, a total only where cells cannot do
 *       it, a zero only if nothing else can. A table with one row or one column, or with only small
 *       numbers, may lose its totals, the grand total included: safety comes before
 *       completeness.</li>
 * </ul>
 * A table without small non-zero counts is published in full.
 *
 * <h2>Why it works</h2>
 * Rows {@code 0..R} ({@code R} the totals row) and columns {@code 0..C} ({@code C} the totals
 * column) are the nodes of a bipartite graph and every entry {@code (i,j)} is an edge. With the
 * totals row and column negated ({@code y_iC = -x_iC}, {@code y_Rj = -x_Rj}, {@code y_RC = x_RC})
 * every row and column equation reads "the incident edges sum to zero", the equations of a flow.
 * The unknowns are the suppressed edges; a suppressed entry is determined exactly iff it lies on
 * no cycle of suppressed edges (it is a bridge of their subgraph), since only a cycle lets values
 * move while every sum stays the same. The greedy loop takes the first bridge in reading order and
 * closes a cycle through it along the cheapest path of entries (see
 * {@link ComplementarySuppression}); it stops when no bridge is left. It is deterministic: the same
 * table always gives the same pattern, so publishing a table twice reveals nothing more.
 *
 * <h2>Limits</h2>
 * This guards against exact recovery from the row and column equations of one table. It does not
 * guarantee a wide interval once the reader also uses that counts are never negative (a cycle
 * through a zero can pin a value down to a bound), nor does it coordinate suppression across
 * different tables built from the same referrals; the preference for non-zero cells and the
 * threshold keep both rare, and {@link LaplaceNoise} is the answer where they matter.
 */
public final class Suppression {

    /** Counts of 1 to 10 are withheld, as in common public health and child welfare practice. */
    public static final int DEFAULT_THRESHOLD = 11;

    private final int threshold;

    /** @param threshold the smallest non-zero count that may be shown; at least 1 (1 shows all) */
    public Suppression(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the threshold must be at least 1");
        }
        this.threshold = threshold;
    }

    public Suppression() {
        this(DEFAULT_THRESHOLD);
    }

    public int threshold() {
        return threshold;
    }

    /** The publishable form of {@code table}: margins added, small and derivable values suppressed. */
    public PublishedTable publish(CountTable table) {
        long[][] values = withMargins(table);
        boolean[][] hidden = new boolean[values.length][values[0].length];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                hidden[i][j] = values[i][j] >= 1 && values[i][j] < threshold;
            }
        }
        ComplementarySuppression.protect(values, hidden);
        return published(table, values, hidden);
    }

    /** The (R+1) x (C+1) table: cells, row totals in the last column, column totals in the last row. */
    static long[][] withMargins(CountTable table) {
        int rows = table.rows().size();
        int columns = table.columns().size();
        long[][] values = new long[rows + 1][columns + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                long count = table.count(i, j);
                values[i][j] = count;
                values[i][columns] = Math.addExact(values[i][columns], count);
                values[rows][j] = Math.addExact(values[rows][j], count);
                values[rows][columns] = Math.addExact(values[rows][columns], count);
            }
        }
        return values;
    }

    private static PublishedTable published(CountTable table, long[][] values, boolean[][] hidden) {
        int rows = table.rows().size();
        int columns = table.columns().size();
        List<List<Entry>> cells = new ArrayList<>();
        List<Entry> rowTotals = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Entry> row = new ArrayList<>();
            for (int j = 0; j < columns; j++) {
                row.add(entry(values, hidden, i, j));
            }
            cells.add(row);
            rowTotals.add(entry(values, hidden, i, columns));
        }
        List<Entry> columnTotals = new ArrayList<>();
        for (int j = 0; j < columns; j++) {
            columnTotals.add(entry(values, hidden, rows, j));
        }
        return new PublishedTable(table.id(), table.title(), table.rowDimension(), table.columnDimension(),
                table.rows(), table.columns(), cells, rowTotals, columnTotals, entry(values, hidden, rows, columns));
    }

    private static Entry entry(long[][] values, boolean[][] hidden, int i, int j) {
        return hidden[i][j] ? new Entry.Suppressed() : new Entry.Shown(values[i][j]);
    }
}
