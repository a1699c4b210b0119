/**
 * The ledger's benchmark: records appended per second with chaining and signed checkpoints, records
 * verified per second, and Ed25519 sign/verify rates of Bouncy Castle and the JDK side by side. Run
 * by {@code bench/run.sh ledger [--quick]}; see BENCHMARKS.md for how to read the figures.
 */
package org.kith.bench.ledger;
