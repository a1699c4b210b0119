package org.kith.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A plain text table for a terminal: a header row, every column but the last padded to its widest
 * cell, arrays comma-joined. Control characters in a cell become spaces, so data from the hub
 * cannot move the cursor or break a row.
 */
final class Table {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /** One row per object of {@code items}, the cells its {@code fields} (a missing field is an empty cell). */
    static Table of(JsonNode items, String... fields) {
        Table table = of(fields);
        for (JsonNode item : items) {
            List<String> cells = new ArrayList<>();
            for (String field : fields) {
                cells.add(cell(item.get(field)));
            }
            table.row(cells);
        }
        return table;
    }

    /** One object as {@code field, value} rows, in the object's order. */
    static Table fields(JsonNode object) {
        Table table = of("field", "value");
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            table.row(List.of(field.getKey(), cell(field.getValue())));
        }
        return table;
    }

    Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns");
        }
        rows.add(cells.stream().map(Table::clean).toList());
        return this;
    }

    /** A value as one cell: text as is, an array comma-joined, an object as compact JSON, nothing as empty. */
    static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(element -> parts.add(cell(element)));
            return String.join(", ", parts);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** The table, each line ended by a newline; with no rows, the header alone. */
    String render() {
        int[] widths = new int[headers.size()];
        List<List<String>> lines = new ArrayList<>();
        lines.add(headers);
        lines.addAll(rows);
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                boolean last = i == widths.length - 1;
                row.append(last ? line.get(i) : pad(line.get(i), widths[i]) + GAP);
            }
            text.append(row.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(width - cell.length());
    }

    private static String clean(String cell) {
        return cell == null ? "" : cell.replaceAll("\\p{Cntrl}", " ");
    }
}
