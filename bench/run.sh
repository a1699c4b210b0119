#!/usr/bin/env bash
# Runs benchmark NAME and writes bench/results/NAME.json as {"machine": "...", "metrics": {...}}.
#   bench/run.sh consent           full run (a quarter of an hour on 2 cores)
#   bench/run.sh consent --quick   short run (a few minutes), same metrics, wider error
# Each benchmark is one case below; add new ones (e.g. pipeline) as their own case.
set -euo pipefail

usage() { echo "usage: bench/run.sh NAME [--quick]   (NAME: consent | pipeline | ledger | family)" >&2; exit 2; }
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
  ledger)
    CP=$(build_bench)
    java -Xms2g -Xmx2g -cp "$CP" org.kith.bench.ledger.LedgerBench "${QUICK[@]}" --out bench/results/ledger.json
    ;;
  family)
    CP=$(build_bench)
    java -Xms1g -Xmx1g -cp "$CP" org.kith.bench.family.FamilyBench "${QUICK[@]}" --out bench/results/family.json
    ;;
  *)
    echo "unknown benchmark: $NAME" >&2
    usage
    ;;
esac
