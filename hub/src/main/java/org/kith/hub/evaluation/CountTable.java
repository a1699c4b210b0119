package org.kith.hub.evaluation;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A two-way table of counts before publication; {@code counts[r][c] >= 0}, shape
 * {@code rows x columns}. It holds true (or noisy) counts and must go through {@link Suppression}
 * before anyone outside the hub sees it.
 *
 * <p>Labels come from partner-supplied data (an area, a reason code); they are neither trusted nor
 * interpreted here, only required to be present and distinct so that a published cell can be named
 * by its row and column. The array is copied in and out: a record must not be changed behind the
 * back of the suppression that checked it.
 */
public record CountTable(String id, String title, String rowDimension, String columnDimension,
                         List<String> rows, List<String> columns, long[][] counts) {

    public CountTable {
        requireText(id, "id");
        requireText(title, "title");
        requireText(rowDimension, "rowDimension");
        requireText(columnDimension, "columnDimension");
        rows = labels(rows, "rows");
        columns = labels(columns, "columns");
        Objects.requireNonNull(counts, "counts");
        if (counts.length != rows.size()) {
            throw new IllegalArgumentException(
                    "table " + id + ": " + counts.length + " rows of counts for " + rows.size() + " row labels");
        }
        long[][] copy = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] == null || counts[r].length != columns.size()) {
                throw new IllegalArgumentException("table " + id + ": row " + r + " does not have "
                        + columns.size() + " counts");
            }
            for (long count : counts[r]) {
                if (count < 0) {
                    throw new IllegalArgumentException("table " + id + ": negative count in row " + r);
                }
            }
            copy[r] = counts[r].clone();
        }
        counts = copy;
    }

    /** A copy: the record stays as validated. */
    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            copy[r] = counts[r].clone();
        }
        return copy;
    }

    /** One count, without copying the whole array. */
    public long count(int row, int column) {
        return counts[row][column];
    }

    /** The same table with other counts (noise); labels and shape kept. */
    public CountTable withCounts(long[][] newCounts) {
        return new CountTable(id, title, rowDimension, columnDimension, rows, columns, newCounts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CountTable that
                && id.equals(that.id) && title.equals(that.title)
                && rowDimension.equals(that.rowDimension) && columnDimension.equals(that.columnDimension)
                && rows.equals(that.rows) && columns.equals(that.columns)
                && java.util.Arrays.deepEquals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, title, rowDimension, columnDimension, rows, columns)
                * 31 + java.util.Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "CountTable[" + id + ", " + rows.size() + "x" + columns.size() + "]";
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /**
     * Labels must be non-blank (a blank row or column stands for a total in the CSV) and distinct
     * (a cell is named by its labels).
     */
    static List<String> labels(List<String> labels, String name) {
        List<String> copy = List.copyOf(Objects.requireNonNull(labels, name));
        if (copy.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(name + ": a label must not be blank");
        }
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException(name + ": labels must be distinct");
        }
        return copy;
    }
}
