package org.kith.hub.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

    private static final EvaluationReport REPORT = Reports.report(Reports.secretTable(0), Reports.hostileTable());
    private static final String HTML = ReportHtml.render(REPORT);

    @Test
    void isOneSelfContainedPrintablePage() {
        assertTrue(HTML.startsWith("<!DOCTYPE html>"));
        assertTrue(HTML.contains("size: A4"));
        assertTrue(HTML.contains("break-before: page"));
        assertTrue(HTML.contains("Content-Security-Policy"));
        assertFalse(HTML.toLowerCase().contains("<script"));
        assertFalse(HTML.contains("src="));
        assertFalse(HTML.contains("href="));
        assertFalse(HTML.contains("@import"));
        assertFalse(HTML.contains("url(http"));
        // Without partner labels that hold one, the only URL is the SVG namespace: a name, not a fetch.
        String plain = ReportHtml.render(Reports.report(Reports.secretTable(0)));
        assertEquals(count(plain, "//"), count(plain, "xmlns=\"http://www.w3.org/2000/svg\""));
    }

    @Test
    void showsTitleScopeTimeRuleAndEveryMeasureWithItsNoteAndChart() {
        assertTrue(HTML.contains("Generated 2024-06-01 09:00 UTC"));
        assertTrue(HTML.contains("any number from 1 to 10 is not shown"));
        assertTrue(HTML.contains("* fewer than 11 (but not zero), or withheld so that such a number cannot be worked out."));
        for (PublishedTable table : REPORT.tables()) {
            assertTrue(HTML.contains("<h2>" + Markup.escape(table.title()) + "</h2>"), table.title());
            assertTrue(HTML.contains(Markup.escape(MeasureNotes.meaning(table.id()))), table.id());
        }
        assertTrue(HTML.contains("<h2>Time to acceptance</h2>"));
        assertTrue(HTML.contains(Markup.escape(MeasureNotes.meaning("time-to-acceptance"))));
        assertEquals(REPORT.tables().size() + REPORT.timings().size(), HTML.split("<svg", -1).length - 1);
        assertEquals(REPORT.tables().size() + REPORT.timings().size(),
                HTML.split("<section class=\"measure\">", -1).length - 1);
    }

    @Test
    void labelsAreEscapedEverywhere() {
        assertFalse(HTML.contains(Reports.SCRIPT));
        assertFalse(HTML.contains(Reports.QUOTES));
        assertFalse(HTML.contains("<script"));
        assertTrue(HTML.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(HTML.contains("&quot;&amp;&#39;"));
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;\uFFFD", Markup.escape("<a href=\"x\">&'\u0000"));
    }

    @Test
    void suppressedEntriesAreStarsAndStubs() {
        PublishedTable secret = REPORT.tables().get(0);
        assertEquals(4, secret.suppressedCount());
        String page = ReportHtml.render(Reports.report(Reports.secretTable(0)));
        // Four cells of the table, and count, median and p90 of the small "housing" timing group.
        assertEquals(4 + 3, count(page, "<td class=\"n\">*</td>"));
        String svg = Charts.rowTotals(new Suppression(11).publish(Reports.secretTable(0)), 0);
        assertFalse(svg.contains("suppressed"), "no row total of the secret table is suppressed");
        String stubbed = Charts.rowTotals(new Suppression(11).publish(SuppressionTest.table(
                new long[] {5}, new long[] {20}, new long[] {30})), 0);
        assertEquals(2, count(stubbed, "width=\"" + Charts.STUB + "\" height=\"14\" fill=\"url(#hatch-0)\""));
        assertEquals(2, count(stubbed, ">suppressed</text>"));
    }

    /** The true values behind '*' appear nowhere in the text of the page or in the CSV. */
    @Test
    void noSuppressedValueAppearsInTheOutput() {
        EvaluationReport report = Reports.report(Reports.secretTable(0));
        assertEquals(List.of(true, true, false), report.tables().get(0).cells().get(0).stream()
                .map(Entry::suppressed).toList());
        String text = ReportHtml.render(report).replaceAll("(?s)<style>.*?</style>", " ").replaceAll("<[^>]*>", " ");
        List<Long> numbers = numbers(text);
        List<Long> csvValues = Csv.parse(ReportCsv.write(report)).stream().skip(1)
                .map(record -> record.get(3)).filter(v -> !v.isEmpty()).map(Long::valueOf).toList();
        for (Long secret : Reports.SECRET_VALUES) {
            assertFalse(numbers.contains(secret), "HTML shows " + secret);
            assertFalse(csvValues.contains(secret), "CSV shows " + secret);
        }
        for (PublishedTable table : report.tables()) {
            for (int i = 0; i <= table.rows().size(); i++) {
                for (int j = 0; j <= table.columns().size(); j++) {
                    Long value = LinearDisclosure.entry(table, i, j).valueOrNull();
                    if (value != null) {
                        assertFalse(value.toString().contains("3") || value.toString().contains("7"), "fixture " + value);
                    }
                }
            }
        }
    }

    /** Other true values behind the same '*': the page and the CSV do not change by a byte. */
    @Test
    void theOutputDoesNotDependOnSuppressedValues() {
        EvaluationReport before = Reports.report(Reports.secretTable(0));
        EvaluationReport after = Reports.report(Reports.secretTable(1));
        assertEquals(ReportHtml.render(before), ReportHtml.render(after));
        assertEquals(ReportCsv.write(before), ReportCsv.write(after));
    }

    @Test
    void timingsInHoursOrDaysWithSmallGroupsWithheld() {
        assertTrue(HTML.contains("<th scope=\"row\">mental-health</th><td class=\"n\">40</td>"
                + "<td class=\"n\">5.0 h</td><td class=\"n\">2.8 days</td></tr>"));
        assertTrue(HTML.contains("<th scope=\"row\">housing</th><td class=\"n\">*</td>"
                + "<td class=\"n\">*</td><td class=\"n\">*</td></tr>"));
        assertTrue(HTML.contains("<th scope=\"row\">respite</th><td class=\"n\">0</td>"
                + "<td class=\"n\">–</td><td class=\"n\">–</td></tr>"));
        assertEquals("47.9 h", Markup.duration(47 * 60 + 55));
        assertEquals("2.0 days", Markup.duration(48 * 60));
        // A pipeline that forgot to suppress a small group is covered: 4 < 11.
        TimingTable careless = new TimingTable("time-to-receipt", "Time to receipt", "service",
                List.of(new Timing("legal-aid", 4, 61L, 67L)));
        String page = ReportHtml.render(new EvaluationReport("R", "S", REPORT.generatedAt(), 11, null, List.of(),
                List.of(careless)));
        assertFalse(page.contains("1.0 h"));
        assertFalse(page.contains("1.1 h"));
        assertTrue(page.contains("<th scope=\"row\">legal-aid</th><td class=\"n\">*</td>"));
    }

    @Test
    void statesTheNoiseWhenThereIsSome() {
        LaplaceNoise noise = new LaplaceNoise(0.5, RandomGenerator.of("L64X128MixRandom"));
        EvaluationReport report = new EvaluationReport("R", "S", REPORT.generatedAt(), 11, noise.describe(),
                REPORT.tables(), List.of());
        String page = ReportHtml.render(report);
        assertTrue(page.contains("<p class=\"noise\">Each count in a table had random whole-number noise added (discrete Laplace "
                + "mechanism, epsilon 0.5 per table"));
        assertFalse(HTML.contains("class=\"noise\""));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static List<Long> numbers(String text) {
        Matcher matcher = Pattern.compile("\\d[\\d,]*").matcher(text);
        java.util.ArrayList<Long> numbers = new java.util.ArrayList<>();
        while (matcher.find()) {
            String digits = matcher.group().replace(",", "");
            if (!digits.isEmpty()) {
                numbers.add(Long.valueOf(digits));
            }
        }
        return numbers;
    }
}
