package org.kith.hub.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasureNotesTest {

    /** Every table the report builder makes, and every timing. */
    static final List<String> TABLES = new ReportBuilder(new EvaluationSettings(true, 11, java.util.Optional.empty()))
            .tables(new MeasureTotals.Builder().build()).stream().map(CountTable::id).toList();
    static final List<String> TIMINGS = CohortCounts.MILESTONES;

    @Test
    void everyMeasureOfThePipelineHasItsOwnNoteWithItsLimits() {
        for (String id : TABLES) {
            assertTrue(MeasureNotes.known(id), id);
            assertTrue(MeasureNotes.meaning(id).contains("withheld"), id);
        }
        for (String id : TIMINGS) {
            assertTrue(MeasureNotes.known(id), id);
            assertTrue(MeasureNotes.meaning(id).contains("median"), id);
            assertTrue(MeasureNotes.meaning(id).contains("cohort"), id);
        }
        for (String id : TABLES.stream().filter(id -> id.startsWith("disparities-")).toList()) {
            assertTrue(MeasureNotes.meaning(id).contains("not-shared"), id);
        }
        assertEquals(3, TABLES.stream().filter(id -> id.startsWith("disparities-")).count());
        assertTrue(MeasureNotes.meaning("referrals-by-pair").contains("last state before closing"));
        assertTrue(MeasureNotes.meaning("service-gaps").contains("30 days"));
    }

    @Test
    void anUnknownIdGetsAGenericNote() {
        assertFalse(MeasureNotes.known("something-new"));
        assertEquals(MeasureNotes.meaning("other-new"), MeasureNotes.meaning("something-new"));
        assertTrue(MeasureNotes.meaning("something-new").contains("withheld"));
    }

    @Test
    void timingsSummariseAndSuppress() {
        Timing shown = Timing.of("a", new long[] {10, 50, 20, 40, 30, 60, 70, 80, 90, 100, 110}, 11);
        assertEquals(11, shown.count());
        assertEquals(60L, shown.medianMinutes());
        assertEquals(100L, shown.p90Minutes());
        Timing small = Timing.of("b", new long[] {10, 20}, 11);
        assertNull(small.medianMinutes());
        assertTrue(small.suppressedAt(11));
        Timing none = Timing.of("c", new long[0], 11);
        assertFalse(none.suppressedAt(11));
        assertThrows(IllegalArgumentException.class, () -> new Timing("d", 20, 10L, null));
        assertThrows(IllegalArgumentException.class, () -> new Timing("d", 20, 10L, 5L));
        assertThrows(IllegalArgumentException.class, () -> new Timing("d", 0, 1L, 1L));
        assertThrows(IllegalArgumentException.class, () -> new TimingTable("t", "T", "g",
                List.of(new Timing("x", 0, null, null), new Timing("x", 0, null, null))));
    }
}
