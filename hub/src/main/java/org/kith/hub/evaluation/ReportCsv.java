package org.kith.hub.evaluation;

import java.util.List;

/**
 * A whole report as one CSV file (RFC 4180: comma separated, CRLF line ends, fields quoted when
 * they hold a comma, a quote or a line break, quotes doubled), for auditors and spreadsheets.
 *
 * <p>Columns {@code table_id,row,column,value,suppressed}, one line per published number:
 * <ul>
 *   <li>count tables: a cell is {@code id,row label,column label}; a row total has an empty
 *       {@code column}, a column total an empty {@code row}, the grand total both empty (labels are
 *       never blank, so an empty one can only mean "all");</li>
 *   <li>timing tables: {@code id,group,count|median_minutes|p90_minutes};</li>
 *   <li>{@code value} is the number, empty when {@code suppressed} is {@code true}. A timing of a
 *       group with no referrals has an empty median and p90 with {@code suppressed=false}: there is
 *       nothing to show, nothing is withheld.</li>
 * </ul>
 * Titles, dimensions and notes are in the HTML report; the CSV is for numbers. Labels come from
 * partners: a field starting with {@code = + - @} (or a tab or carriage return) gets a leading
 * apostrophe so that a spreadsheet shows it as text instead of running it as a formula.
 */
public final class ReportCsv {

    static final String HEADER = "table_id,row,column,value,suppressed";
    private static final String EOL = "\r\n";

    private ReportCsv() {
    }

    public static String write(EvaluationReport report) {
        StringBuilder out = new StringBuilder(HEADER).append(EOL);
        for (PublishedTable table : report.tables()) {
            for (int i = 0; i < table.rows().size(); i++) {
                for (int j = 0; j < table.columns().size(); j++) {
                    line(out, table.id(), table.rows().get(i), table.columns().get(j), table.cells().get(i).get(j));
                }
                line(out, table.id(), table.rows().get(i), "", table.rowTotals().get(i));
            }
            for (int j = 0; j < table.columns().size(); j++) {
                line(out, table.id(), "", table.columns().get(j), table.columnTotals().get(j));
            }
            line(out, table.id(), "", "", table.grandTotal());
        }
        for (TimingTable timings : report.timings()) {
            for (Timing timing : timings.rows()) {
                boolean suppressed = timing.suppressedAt(report.threshold());
                boolean countHidden = suppressed && timing.count() < report.threshold();
                line(out, timings.id(), timing.group(), "count",
                        countHidden ? null : String.valueOf(timing.count()), countHidden);
                line(out, timings.id(), timing.group(), "median_minutes",
                        suppressed ? null : text(timing.medianMinutes()), suppressed);
                line(out, timings.id(), timing.group(), "p90_minutes",
                        suppressed ? null : text(timing.p90Minutes()), suppressed);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String id, String row, String column, Entry entry) {
        line(out, id, row, column, entry.suppressed() ? null : String.valueOf(entry.valueOrNull()), entry.suppressed());
    }

    private static void line(StringBuilder out, String id, String row, String column, String value,
                             boolean suppressed) {
        List<String> fields = List.of(id, row, column, value == null ? "" : value, String.valueOf(suppressed));
        for (int k = 0; k < fields.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            out.append(field(fields.get(k)));
        }
        out.append(EOL);
    }

    /** One field: neutralised against formulas, then quoted if RFC 4180 needs it. */
    static String field(String raw) {
        String value = raw;
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }
}
