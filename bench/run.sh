#!/usr/bin/env bash
# Runs benchmark NAME and writes bench/results/NAME.json as {"machine": "...", "metrics": {...}}.
#   bench/run.sh consent           full run (a quarter of an hour on 2 cores)
#   bench/run.sh consent --quick   short run (a few minutes), same metrics, wider error
#   bench/run.sh fuzz              every fuzz target for FUZZ_SECONDS each (default 600; --quick: 60)
# Each benchmark is one case below; add new ones (e.g. pipeline) as their own case.
set -euo pipefail

usage() { echo "usage: bench/run.sh NAME [--quick]   (NAME: consent | pipeline | latency | ledger | family | fuzz)" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
NAME=$1; shift
QUICK=()
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=(--quick) ;;
    *) usage ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mkdir -p bench/results

# Build the bench module and what it depends on (not the whole reactor), and write its runtime
# classpath; JMH forks its measurement JVMs with this same classpath.
build_bench() {
  mvn -B -q -pl bench -am -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
  echo "bench/target/classes:$(cat bench/target/classpath.txt)"
}

case "$NAME" in
  consent)
    CP=$(build_bench)
    java -Xms4g -Xmx4g -cp "$CP" org.kith.bench.consent.ConsentBench "${QUICK[@]}" --out bench/results/consent.json
    ;;
  pipeline)
    CP=$(build_bench)
    java -Xms2g -Xmx2g -cp "$CP" org.kith.bench.pipeline.PipelineBench "${QUICK[@]}" --out bench/results/pipeline.json
    ;;
  latency)
    # where the time of a message goes at 1,000 msg/s, hub and raw copy in one run; JAVA_OPTS passes
    # -Dkith.bench.hub.<setting>=<value>, -Dkith.bench.bootstrap=... (a cluster), -Dkith.bench.seconds=N
    CP=$(build_bench)
    java -Xms2g -Xmx2g ${JAVA_OPTS:-} -cp "$CP" org.kith.bench.pipeline.LatencyBench "${QUICK[@]}" --out "${OUT:-bench/results/latency.json}"
    ;;
  ledger)
    CP=$(build_bench)
    java -Xms2g -Xmx2g -cp "$CP" org.kith.bench.ledger.LedgerBench "${QUICK[@]}" --out bench/results/ledger.json
    ;;
  family)
    CP=$(build_bench)
    java -Xms1g -Xmx1g -cp "$CP" org.kith.bench.family.FamilyBench "${QUICK[@]}" --out bench/results/family.json
    ;;
  fuzz)
    # A fuzzing campaign: each fuzz target (*FuzzTest) in a JVM of its own, on its committed corpus and
    # what earlier campaigns generated (.cifuzz-corpus/ in its module, not in git), for FUZZ_SECONDS,
    # going on past findings (up to 100 distinct ones a target). A crash is written beside the target's
    # corpus as crash-<sha1>: a regression input, to be fixed. The Maven log is kept in bench/target/fuzz.log.
    SECONDS_EACH=${FUZZ_SECONDS:-$([[ ${#QUICK[@]} -gt 0 ]] && echo 60 || echo 600)}
    LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo -1)
    mkdir -p bench/target
    mvn -B -pl schemas,connectors,hub -am test -Pfuzz -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
        -Dkith.fuzz.seconds="$SECONDS_EACH" -Djazzer.keep_going=100 > bench/target/fuzz.log 2>&1 || true
    CP=$(build_bench)
    java -cp "$CP" org.kith.bench.fuzz.FuzzReport "${QUICK[@]}" --load-before "$LOAD_BEFORE" \
        --log bench/target/fuzz.log --out bench/results/fuzz.json
    ;;
  *)
    echo "unknown benchmark: $NAME" >&2
    usage
    ;;
esac
