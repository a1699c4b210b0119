package org.kith.hub.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    private static Map<String, List<String>> byKey(List<List<String>> records) {
        Map<String, List<String>> map = new HashMap<>();
        for (List<String> record : records.subList(1, records.size())) {
            assertEquals(5, record.size(), record.toString());
            assertTrue(map.put(record.get(0) + "|" + record.get(1) + "|" + record.get(2), record) == null,
                    "duplicate " + record);
        }
        return map;
    }

    @Test
    void everyPublishedNumberComesBackFromTheCsv() {
        EvaluationReport report = Reports.report(Reports.secretTable(0), Reports.hostileTable());
        List<List<String>> records = Csv.parse(ReportCsv.write(report));
        assertEquals(List.of("table_id", "row", "column", "value", "suppressed"), records.get(0));
        Map<String, List<String>> csv = byKey(records);
        int expected = 0;
        for (PublishedTable table : report.tables()) {
            int rows = table.rows().size();
            int columns = table.columns().size();
            for (int i = 0; i <= rows; i++) {
                for (int j = 0; j <= columns; j++) {
                    String row = i < rows ? ReportCsv.field(table.rows().get(i)) : "";
                    String column = j < columns ? ReportCsv.field(table.columns().get(j)) : "";
                    List<String> record = csv.get(table.id() + "|" + unquote(row) + "|" + unquote(column));
                    Entry entry = LinearDisclosure.entry(table, i, j);
                    assertEquals(entry.suppressed() ? "" : String.valueOf(entry.valueOrNull()), record.get(3));
                    assertEquals(String.valueOf(entry.suppressed()), record.get(4));
                    expected++;
                }
            }
        }
        assertEquals(expected + 3 * Reports.timings().rows().size(), records.size() - 1);
    }

    /** The CSV field as a reader gets it back (neutralised, unquoted). */
    private static String unquote(String field) {
        return field.startsWith("\"") ? field.substring(1, field.length() - 1).replace("\"\"", "\"") : field;
    }

    @Test
    void timingsAreThreeLinesPerGroupWithSmallGroupsWithheld() {
        Map<String, List<String>> csv = byKey(Csv.parse(ReportCsv.write(Reports.report())));
        assertEquals(List.of("time-to-acceptance", "mental-health", "median_minutes", "300", "false"),
                csv.get("time-to-acceptance|mental-health|median_minutes"));
        assertEquals(List.of("time-to-acceptance", "mental-health", "p90_minutes", "4000", "false"),
                csv.get("time-to-acceptance|mental-health|p90_minutes"));
        assertEquals(List.of("time-to-acceptance", "housing", "count", "", "true"),
                csv.get("time-to-acceptance|housing|count"));
        assertEquals(List.of("time-to-acceptance", "housing", "median_minutes", "", "true"),
                csv.get("time-to-acceptance|housing|median_minutes"));
        assertEquals(List.of("time-to-acceptance", "respite", "count", "0", "false"),
                csv.get("time-to-acceptance|respite|count"));
        assertEquals(List.of("time-to-acceptance", "respite", "median_minutes", "", "false"),
                csv.get("time-to-acceptance|respite|median_minutes"));
    }

    @Test
    void labelsAreQuotedAndFormulasNeutralised() {
        String text = ReportCsv.write(Reports.report(Reports.hostileTable()));
        Map<String, List<String>> csv = byKey(Csv.parse(text));
        assertTrue(csv.containsKey("declines-by-reason|'" + Reports.FORMULA + "|no-capacity"));
        assertTrue(csv.containsKey("declines-by-reason|" + Reports.QUOTES + "|'-1+1"));
        assertTrue(csv.containsKey("declines-by-reason|a,b\r\nc|'@sum"));
        for (List<String> record : Csv.parse(text)) {
            for (String field : record) {
                assertFalse(!field.isEmpty() && "=+-@".indexOf(field.charAt(0)) >= 0, field);
            }
        }
        assertTrue(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
    }

    @Test
    void fieldRules() {
        assertEquals("plain", ReportCsv.field("plain"));
        assertEquals("\"a,b\"", ReportCsv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ReportCsv.field("say \"hi\""));
        assertEquals("'+1", ReportCsv.field("+1"));
        assertEquals("'\tx", ReportCsv.field("\tx"));
        assertEquals("", ReportCsv.field(""));
    }

    @Test
    void linesEndWithCrlf() {
        String text = ReportCsv.write(Reports.report(Reports.secretTable(0)));
        assertTrue(text.startsWith(ReportCsv.HEADER + "\r\n"));
        assertEquals(text.split("\n", -1).length - 1, text.split("\r\n", -1).length - 1);
    }
}
