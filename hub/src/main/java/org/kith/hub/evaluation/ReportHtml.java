package org.kith.hub.evaluation;

import static org.kith.hub.evaluation.Markup.escape;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A report as one self-contained, printable HTML5 page for partnership meetings: no script, no
 * external resource (a Content-Security-Policy says so to the browser too), A4 print styles with
 * each measure on its own page. Every label and text from the report is escaped: labels come from
 * partners. Only {@link PublishedTable}s reach this class, so a withheld value cannot be printed.
 */
public final class ReportHtml {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            @page { size: A4; margin: 16mm 14mm; }
            * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
                   max-width: 182mm; margin: 1.5em auto; padding: 0 1em; }
            h1 { font-size: 20pt; margin: 0 0 .2em; } h2 { font-size: 14pt; margin: 0 0 .4em; }
            .scope { font-size: 12pt; margin: 0; } .meta { color: #555; margin: .2em 0 1em; }
            section.measure { break-before: page; page-break-before: always; padding-top: .5em; }
            @media screen { section.measure { border-top: 1px solid #ccc; margin-top: 2em; padding-top: 1em; } }
            .note { margin: 0 0 .8em; } .footnote { font-size: 9pt; color: #444; }
            figure { margin: .4em 0 .8em; break-inside: avoid; } svg { max-width: 100%; height: auto; }
            figcaption { font-size: 8.5pt; color: #555; }
            svg .label, svg .value { font: 10px system-ui, sans-serif; fill: #1a1a1a; }
            svg .bar { fill: #3f6e9e; } svg .whisker { stroke: #1a1a1a; stroke-width: 1.5; }
            svg .dot { fill: #1a1a1a; } svg .stub { stroke: #888; stroke-width: .5; }
            table { border-collapse: collapse; font-size: 9.5pt; margin: .3em 0; }
            caption { text-align: left; color: #555; padding-bottom: .2em; }
            th, td { border: 1px solid #bbb; padding: 2px 6px; vertical-align: top; }
            th { background: #f0f0f0; text-align: left; font-weight: 600; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .total { font-weight: 600; background: #f6f6f6; }
            thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
            """;

    private ReportHtml() {
    }

    public static String render(EvaluationReport report) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(report.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(html, report);
        int index = 0;
        for (PublishedTable table : report.tables()) {
            table(html, table, report.threshold(), index++);
        }
        for (TimingTable timings : report.timings()) {
            timings(html, timings, report.threshold(), index++);
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void header(StringBuilder html, EvaluationReport report) {
        html.append("<header>\n<h1>").append(escape(report.title())).append("</h1>\n")
                .append("<p class=\"scope\">").append(escape(report.scope())).append("</p>\n")
                .append("<p class=\"meta\">Generated ").append(WHEN.format(report.generatedAt())).append("</p>\n")
                .append("<h2>How to read this report</h2>\n");
        if (report.threshold() > 1) {
            html.append("<p>The tables count referrals, never people by name. So that no family can be recognised, "
                            + "any number from 1 to ").append(report.threshold() - 1)
                    .append(" is not shown (it is marked *), and neither are some other numbers, chosen so that a "
                            + "hidden number cannot be worked out by subtracting the shown ones from a total. A zero "
                            + "is shown, because it reveals no one.</p>\n");
        } else {
            html.append("<p>The tables count referrals, never people by name. No numbers were withheld in this "
                    + "report.</p>\n");
        }
        if (report.noise() != null) {
            html.append("<p class=\"noise\">").append(escape(report.noise())).append("</p>\n");
        }
        html.append("</header>\n");
    }

    private static void table(StringBuilder html, PublishedTable table, int threshold, int index) {
        section(html, table.title(), table.id());
        html.append("<figure>").append(Charts.rowTotals(table, index))
                .append("<figcaption>Totals by ").append(escape(table.rowDimension()))
                .append(". A short hatched bar marks a withheld total; its length means nothing.</figcaption></figure>\n");
        html.append("<table>\n<caption>").append(escape(table.rowDimension())).append(" by ")
                .append(escape(table.columnDimension())).append("</caption>\n<thead><tr><th scope=\"col\">")
                .append(escape(table.rowDimension())).append("</th>");
        for (String column : table.columns()) {
            html.append("<th scope=\"col\">").append(escape(column)).append("</th>");
        }
        html.append("<th scope=\"col\" class=\"total\">Total</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < table.rows().size(); i++) {
            html.append("<tr><th scope=\"row\">").append(escape(table.rows().get(i))).append("</th>");
            cells(html, table.cells().get(i), "");
            cell(html, table.rowTotals().get(i), " total");
            html.append("</tr>\n");
        }
        html.append("<tr class=\"total\"><th scope=\"row\">Total</th>");
        cells(html, table.columnTotals(), "");
        cell(html, table.grandTotal(), "");
        html.append("</tr>\n</tbody>\n</table>\n");
        footnote(html, threshold);
        html.append("</section>\n");
    }

    private static void timings(StringBuilder html, TimingTable table, int threshold, int index) {
        section(html, table.title(), table.id());
        html.append("<figure>").append(Charts.timings(table, threshold, index))
                .append("<figcaption>Bar: median. Line and dot: 90th percentile. A short hatched bar marks a withheld "
                        + "group.</figcaption></figure>\n");
        html.append("<table>\n<caption>Time taken by ").append(escape(table.rowDimension()))
                .append(" (hours, or days from 48 hours)</caption>\n<thead><tr><th scope=\"col\">")
                .append(escape(table.rowDimension()))
                .append("</th><th scope=\"col\">Referrals</th><th scope=\"col\">Median</th>"
                        + "<th scope=\"col\">90th percentile</th></tr></thead>\n<tbody>\n");
        for (Timing timing : table.rows()) {
            boolean suppressed = timing.suppressedAt(threshold);
            boolean countHidden = suppressed && timing.count() < threshold;
            html.append("<tr><th scope=\"row\">").append(escape(timing.group())).append("</th>")
                    .append("<td class=\"n\">").append(countHidden ? "*" : Markup.number(timing.count()))
                    .append("</td>")
                    .append("<td class=\"n\">").append(time(timing.medianMinutes(), suppressed)).append("</td>")
                    .append("<td class=\"n\">").append(time(timing.p90Minutes(), suppressed)).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        footnote(html, threshold);
        html.append("</section>\n");
    }

    private static void section(StringBuilder html, String title, String id) {
        html.append("<section class=\"measure\">\n<h2>").append(escape(title)).append("</h2>\n")
                .append("<p class=\"note\">").append(escape(MeasureNotes.meaning(id))).append("</p>\n");
    }

    private static void cells(StringBuilder html, List<Entry> entries, String kind) {
        for (Entry entry : entries) {
            cell(html, entry, kind);
        }
    }

    private static void cell(StringBuilder html, Entry entry, String kind) {
        html.append("<td class=\"n").append(kind).append("\">")
                .append(entry instanceof Entry.Shown shown ? Markup.number(shown.value()) : "*")
                .append("</td>");
    }

    private static String time(Long minutes, boolean suppressed) {
        return suppressed ? "*" : minutes == null ? "–" : Markup.duration(minutes);
    }

    private static void footnote(StringBuilder html, int threshold) {
        html.append("<p class=\"footnote\">* fewer than ").append(threshold)
                .append(" (but not zero), or withheld so that such a number cannot be worked out.</p>\n");
    }
}
