package org.kith.connectors.filedrop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch's row layout: which columns (CSV) or row elements (XML) a row has, and the structured
 * CloudEvent a row becomes, the one a partner would POST, so the REST ingress's validator judges it.
 * An empty cell is left out of the document (the validator then names what is missing). The source
 * is always the batch's partner, never a column: a partner cannot drop a batch as another.
 */
interface RowLayout {

    /** Every layout, by the name a batch's file name gives ({@code NAME.<layout>.csv}). */
    List<RowLayout> ALL = List.of(CourtNoticeColumns.LAYOUT, AttendanceColumns.LAYOUT);

    /** The layout of a file name without one ({@code NAME.csv}): batches made before there were others. */
    RowLayout DEFAULT = CourtNoticeColumns.LAYOUT;

    /** The name in a batch's file name, e.g. {@code court-notice}. */
    String name();

    /** Every column; a CSV batch's header must name each exactly once, in any order. */
    List<String> columns();

    /** The structured CloudEvent of one row ({@code cells} by column name), sent by {@code partnerId}. */
    ObjectNode submission(String partnerId, Map<String, String> cells);

    static Optional<RowLayout> named(String name) {
        return ALL.stream().filter(layout -> layout.name().equals(name)).findFirst();
    }

    /** Puts a non-empty cell, stripped, as text. */
    static void put(ObjectNode node, String name, String cell) {
        if (cell != null && !cell.isBlank()) {
            node.put(name, cell.strip());
        }
    }
}
