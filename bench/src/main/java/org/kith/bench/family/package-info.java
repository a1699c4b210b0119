/**
 * The family benchmark: what filing the Nth consent directive of one family costs, and reading the
 * engine's record of it, at N = 1, 100 and 1,000, with the ratios from one run. Run by
 * {@code bench/run.sh family [--quick]}; see BENCHMARKS.md.
 */
package org.kith.bench.family;
