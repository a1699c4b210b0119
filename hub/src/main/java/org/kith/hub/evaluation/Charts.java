package org.kith.hub.evaluation;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for {@link ReportHtml}: static, no script, sized in user units so they scale
 * to the page. A suppressed value is drawn as a hatched stub of fixed length, never scaled: the
 * length of a bar must not tell what the table withholds. Bars are scaled to the largest shown
 * value only.
 */
final class Charts {

    private static final int WIDTH = 640;
    private static final int LABEL = 210;
    private static final int PLOT = 300;
    private static final int ROW = 22;
    private static final int BAR = 14;
    /** The fixed length of a suppressed bar. */
    static final int STUB = 14;

    private Charts() {
    }

    /** Horizontal bars of the row totals of {@code table}; {@code index} keeps pattern ids unique. */
    static String rowTotals(PublishedTable table, int index) {
        List<Entry> totals = table.rowTotals();
        long max = totals.stream().map(Entry::valueOrNull).filter(v -> v != null)
                .mapToLong(Long::longValue).max().orElse(0);
        StringBuilder svg = open("Totals by " + table.rowDimension(), totals.size(), index);
        for (int k = 0; k < totals.size(); k++) {
            int y = 6 + k * ROW;
            label(svg, table.rows().get(k), y);
            Entry total = totals.get(k);
            if (total instanceof Entry.Shown shown) {
                int length = scaled(shown.value(), max);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"bar\"/>", LABEL, y, length, BAR));
                value(svg, LABEL + length + 5, y, Markup.number(shown.value()));
            } else {
                stub(svg, y, index);
            }
        }
        return svg.append("</svg>").toString();
    }

    /** Median as a bar, 90th percentile as a whisker and dot, per group. */
    static String timings(TimingTable table, int threshold, int index) {
        List<Timing> rows = table.rows();
        long max = rows.stream().filter(t -> !t.suppressedAt(threshold) && t.p90Minutes() != null)
                .mapToLong(Timing::p90Minutes).max().orElse(0);
        StringBuilder svg = open("Median and 90th percentile by " + table.rowDimension(), rows.size(), index);
        for (int k = 0; k < rows.size(); k++) {
            Timing timing = rows.get(k);
            int y = 6 + k * ROW;
            label(svg, timing.group(), y);
            if (timing.suppressedAt(threshold)) {
                stub(svg, y, index);
            } else if (timing.medianMinutes() == null) {
                value(svg, LABEL + 5, y, "no referrals");
            } else {
                int median = scaled(timing.medianMinutes(), max);
                int p90 = scaled(timing.p90Minutes(), max);
                int mid = y + BAR / 2;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"bar\"/>"
                                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"whisker\"/>"
                                + "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" class=\"dot\"/>",
                        LABEL, y, median, BAR, LABEL + median, mid, LABEL + p90, mid, LABEL + p90, mid));
                value(svg, LABEL + p90 + 8, y, Markup.duration(timing.medianMinutes()) + " / "
                        + Markup.duration(timing.p90Minutes()));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title, int rows, int index) {
        int height = Math.max(1, rows) * ROW + 10;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                        + "role=\"img\" aria-label=\"%s\">",
                WIDTH, height, WIDTH, height, Markup.escape(title)));
        svg.append("<title>").append(Markup.escape(title)).append("</title>");
        svg.append(String.format(Locale.ROOT,
                "<defs><pattern id=\"hatch-%d\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
                        + "patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#e4e4e4\"/>"
                        + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#888\" stroke-width=\"2\"/>"
                        + "</pattern></defs>", index));
        if (rows == 0) {
            value(svg, LABEL, 6, "no rows");
        }
        return svg;
    }

    private static void label(StringBuilder svg, String label, int y) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">",
                        LABEL - 6, y + BAR - 3))
                .append("<title>").append(Markup.escape(label)).append("</title>")
                .append(Markup.escape(Markup.shorten(label, 32))).append("</text>");
    }

    private static void value(StringBuilder svg, int x, int y, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"value\">", x, y + BAR - 3))
                .append(Markup.escape(text)).append("</text>");
    }

    private static void stub(StringBuilder svg, int y, int index) {
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"url(#hatch-%d)\" class=\"stub\"/>",
                LABEL, y, STUB, BAR, index));
        value(svg, LABEL + STUB + 5, y, "suppressed");
    }

    private static int scaled(long value, long max) {
        return max <= 0 ? 0 : (int) Math.round((double) value / max * PLOT);
    }
}
