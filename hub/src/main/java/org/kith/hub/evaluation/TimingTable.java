package org.kith.hub.evaluation;

import java.util.HashSet;
import java.util.List;

/** Timings of one milestone by group (a service type, a partner pair, a cohort month). */
public record TimingTable(String id, String title, String rowDimension, List<Timing> rows) {

    public TimingTable {
        CountTable.requireText(id, "id");
        CountTable.requireText(title, "title");
        CountTable.requireText(rowDimension, "rowDimension");
        rows = List.copyOf(rows);
        if (new HashSet<>(rows.stream().map(Timing::group).toList()).size() != rows.size()) {
            throw new IllegalArgumentException("timing table " + id + ": groups must be distinct");
        }
    }
}
