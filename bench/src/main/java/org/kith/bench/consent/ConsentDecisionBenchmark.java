package org.kith.bench.consent;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.ConsentEngine;
import org.kith.consent.engine.DecisionRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Level;

/**
 * One consent decision (one message, one recipient) against an engine holding 1k, 100k or 1M
 * active directives. The requests cycle through 65,536 pre-built ones over families picked at
 * random, so at 1M the working set is far larger than the CPU caches, as in production. The
 * payload is classified once per message, not per recipient, so it is outside the measured call;
 * so is the explanation sentence, which is built only when read. The clock is the system clock.
 */
@State(Scope.Benchmark)
public class ConsentDecisionBenchmark {

    static final int REQUESTS = 1 << 16;

    @Param({"1000", "100000", "1000000"})
    public int directives;

    private ConsentEngine engine;
    private DecisionRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Population population = Population.build(directives, 42, Clock.systemUTC());
        engine = population.engine;
        requests = population.requests(REQUESTS, 7);
    }

    /** Latency of single decisions: JMH samples individual calls and keeps their distribution. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ConsentDecision latency() {
        return engine.decide(requests[next++ & (REQUESTS - 1)]);
    }

    /** Decisions per second on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ConsentDecision throughput() {
        return engine.decide(requests[next++ & (REQUESTS - 1)]);
    }
}
