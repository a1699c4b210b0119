package org.kith.hub.evaluation;

import java.util.List;
import java.util.Objects;

/**
 * What may be published: cells plus row totals, column totals and the grand total, each shown or
 * suppressed. Made by {@link Suppression#publish(CountTable)}; the renderers take only this, so the
 * true counts never reach them.
 */
public record PublishedTable(String id, String title, String rowDimension, String columnDimension,
                             List<String> rows, List<String> columns, List<List<Entry>> cells,
                             List<Entry> rowTotals, List<Entry> columnTotals, Entry grandTotal) {

    public PublishedTable {
        CountTable.requireText(id, "id");
        CountTable.requireText(title, "title");
        CountTable.requireText(rowDimension, "rowDimension");
        CountTable.requireText(columnDimension, "columnDimension");
        rows = CountTable.labels(rows, "rows");
        columns = CountTable.labels(columns, "columns");
        int width = columns.size();
        cells = Objects.requireNonNull(cells, "cells").stream().map(List::copyOf).toList();
        if (cells.size() != rows.size() || cells.stream().anyMatch(row -> row.size() != width)) {
            throw new IllegalArgumentException("table " + id + ": cells are not " + rows.size() + " x " + width);
        }
        rowTotals = List.copyOf(rowTotals);
        columnTotals = List.copyOf(columnTotals);
        if (rowTotals.size() != rows.size() || columnTotals.size() != width) {
            throw new IllegalArgumentException("table " + id + ": totals do not match the rows and columns");
        }
        Objects.requireNonNull(grandTotal, "grandTotal");
    }

    /** How many entries (cells and totals) are suppressed. */
    public int suppressedCount() {
        int n = grandTotal.suppressed() ? 1 : 0;
        for (List<Entry> row : cells) {
            n += (int) row.stream().filter(Entry::suppressed).count();
        }
        n += (int) rowTotals.stream().filter(Entry::suppressed).count();
        n += (int) columnTotals.stream().filter(Entry::suppressed).count();
        return n;
    }
}
