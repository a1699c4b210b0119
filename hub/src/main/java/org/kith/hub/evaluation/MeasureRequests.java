package org.kith.hub.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.kith.schemas.Json;

/**
 * Answers a request for the measures, whoever asks: the period ({@code from}, {@code to}: months
 * {@code YYYY-MM}, inclusive; all by default), the format ({@code json}, {@code csv}, {@code html})
 * and the release ({@code internal}, or {@code public}: with noise where configured). A partner
 * (or a user scoped to agencies) sees only the referrals it sent or received, as it was shown them,
 * and the messages it sent that were withheld ({@link MeasureTotals#seenBy}); the partnership's
 * unscoped auditors and administrators see all. Every answer is suppressed; nothing here is
 * person-level.
 */
public final class MeasureRequests {

    /** A rendered answer. */
    public record Reply(String contentType, String body) {
    }

    private final ReportBuilder builder;
    private final Supplier<MeasureTotals> totals;
    private final Clock clock;
    private final RandomGenerator random;

    public MeasureRequests(EvaluationSettings settings, Supplier<MeasureTotals> totals, Clock clock, RandomGenerator random) {
        this.builder = new ReportBuilder(settings);
        this.totals = totals;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param partner the calling partner, or empty for the whole partnership
     * @throws IllegalArgumentException for a parameter out of its domain, naming it
     */
    public Reply answer(Map<String, String> query, Optional<String> partner) {
        return answer(query, partner.map(MeasureViewer::partner).orElseGet(MeasureViewer::partnership));
    }

    /**
     * The report {@code viewer} is shown.
     *
     * @throws IllegalArgumentException for a parameter out of its domain, naming it
     */
    public Reply answer(Map<String, String> query, MeasureViewer viewer) {
        YearMonth from = month(query, "from", YearMonth.of(1970, 1));
        YearMonth to = month(query, "to", YearMonth.of(9999, 12));
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' must not be before 'from'");
        }
        String format = choice(query, "format", List.of("json", "csv", "html"));
        boolean publicRelease = choice(query, "release", List.of("internal", "public")).equals("public");
        String first = from.toString();
        String last = to.toString();
        MeasureTotals scoped = totals.get().seenBy(viewer).filter(cohort -> within(cohort.period(), first, last),
                cell -> within(cell.period(), first, last));
        String scope = (viewer instanceof MeasureViewer.Partners partners
                ? "referrals sent or received by " + String.join(", ", partners.ids()) + ", as they were shown them"
                : "the whole partnership")
                + ", " + (query.containsKey("from") || query.containsKey("to") ? first + " to " + last : "all months")
                + (publicRelease ? ", public release" : "");
        EvaluationReport report = builder.build("Partnership measures", scope, scoped, publicRelease, random, clock.instant());
        return switch (format) {
            case "csv" -> new Reply("text/csv; charset=utf-8", ReportCsv.write(report));
            case "html" -> new Reply("text/html; charset=utf-8", ReportHtml.render(report));
            default -> new Reply("application/json", json(report).toString());
        };
    }

    /** The report as JSON: a suppressed count is {@code null}, never its value. */
    static ObjectNode json(EvaluationReport report) {
        ObjectNode root = Json.mapper().createObjectNode()
                .put("title", report.title())
                .put("scope", report.scope())
                .put("generatedAt", report.generatedAt().toString())
                .put("threshold", report.threshold());
        root.put("suppression", "counts from 1 to " + (report.threshold() - 1)
                + " are null, and so are the counts that would let one be worked out from the totals");
        if (report.noise() != null) {
            root.put("noise", report.noise());
        }
        ArrayNode tables = root.putArray("tables");
        for (PublishedTable table : report.tables()) {
            ObjectNode node = tables.addObject().put("id", table.id()).put("title", table.title())
                    .put("meaning", MeasureNotes.meaning(table.id()))
                    .put("rowDimension", table.rowDimension()).put("columnDimension", table.columnDimension());
            table.rows().forEach(node.putArray("rows")::add);
            table.columns().forEach(node.putArray("columns")::add);
            ArrayNode cells = node.putArray("cells");
            table.cells().forEach(row -> entries(cells.addArray(), row));
            entries(node.putArray("rowTotals"), table.rowTotals());
            entries(node.putArray("columnTotals"), table.columnTotals());
            entry(node, "grandTotal", table.grandTotal());
        }
        ArrayNode timings = root.putArray("timings");
        for (TimingTable timing : report.timings()) {
            ObjectNode node = timings.addObject().put("id", timing.id()).put("title", timing.title())
                    .put("meaning", MeasureNotes.meaning(timing.id())).put("rowDimension", timing.rowDimension());
            ArrayNode rows = node.putArray("rows");
            for (Timing row : timing.rows()) {
                ObjectNode r = rows.addObject().put("group", row.group());
                if (!row.suppressedAt(report.threshold())) {
                    r.put("count", row.count()).put("medianMinutes", row.medianMinutes()).put("p90Minutes", row.p90Minutes());
                } else {
                    r.putNull("count").putNull("medianMinutes").putNull("p90Minutes");
                }
            }
        }
        return root;
    }

    private static void entries(ArrayNode array, List<Entry> entries) {
        entries.forEach(entry -> {
            if (entry instanceof Entry.Shown shown) {
                array.add(shown.value());
            } else {
                array.addNull();
            }
        });
    }

    private static void entry(ObjectNode node, String field, Entry entry) {
        if (entry instanceof Entry.Shown shown) {
            node.put(field, shown.value());
        } else {
            node.putNull(field);
        }
    }

    private static boolean within(String period, String from, String to) {
        return period.compareTo(from) >= 0 && period.compareTo(to) <= 0;
    }

    private static YearMonth month(Map<String, String> query, String name, YearMonth otherwise) {
        String raw = query.get(name);
        if (raw == null || raw.isEmpty()) {
            return otherwise;
        }
        try {
            return YearMonth.parse(raw);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be a month as YYYY-MM");
        }
    }

    private static String choice(Map<String, String> query, String name, List<String> allowed) {
        String raw = Optional.ofNullable(query.get(name)).filter(s -> !s.isEmpty()).orElse(allowed.get(0));
        if (!allowed.contains(raw)) {
            throw new IllegalArgumentException("'" + name + "' must be one of " + allowed);
        }
        return raw;
    }
}
