/**
 * The publication layer of partnership evaluation measures: what the hub may show auditors,
 * administrators and partners about referrals, and how.
 *
 * <p>The pipeline computes two-way tables of counts ({@link org.kith.hub.evaluation.CountTable})
 * and timing summaries ({@link org.kith.hub.evaluation.TimingTable}); this package turns them into
 * what may be published ({@link org.kith.hub.evaluation.Suppression}, optionally after
 * {@link org.kith.hub.evaluation.LaplaceNoise}) and writes the result as CSV
 * ({@link org.kith.hub.evaluation.ReportCsv}) and as a printable HTML page
 * ({@link org.kith.hub.evaluation.ReportHtml}). It is pure: no broker, no I/O, no clock. Tables
 * carry counts and group labels only, never a person or a family.
 */
package org.kith.hub.evaluation;
