package org.kith.hub.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One publication of evaluation measures, as rendered by {@link ReportCsv} and {@link ReportHtml}.
 *
 * @param scope     who and what period it covers, in words (e.g. the partnership and the months)
 * @param threshold the suppression threshold the tables were published under, stated to readers
 * @param noise     {@code null}, or a sentence on the noise applied (see {@link LaplaceNoise#describe()})
 */
public record EvaluationReport(String title, String scope, Instant generatedAt, int threshold, String noise,
                               List<PublishedTable> tables, List<TimingTable> timings) {

    public EvaluationReport {
        CountTable.requireText(title, "title");
        CountTable.requireText(scope, "scope");
        Objects.requireNonNull(generatedAt, "generatedAt");
        if (threshold < 1) {
            throw new IllegalArgumentException("the threshold must be at least 1");
        }
        if (noise != null && noise.isBlank()) {
            noise = null;
        }
        tables = List.copyOf(tables);
        timings = List.copyOf(timings);
    }
}
