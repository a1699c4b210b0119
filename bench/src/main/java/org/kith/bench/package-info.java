/** Benchmarks of Kith's parts, run on demand by {@code bench/run.sh NAME}; results under {@code bench/results/}. */
package org.kith.bench;
