/**
 * The consent engine's benchmark: decisions per second, latency percentiles, allocation per
 * decision and retained heap per directive at 1k, 100k and 1M directives. Run by
 * {@code bench/run.sh consent [--quick]}; see BENCHMARKS.md for how to read the figures.
 */
package org.kith.bench.consent;
