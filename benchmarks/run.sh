#!/usr/bin/env bash
# Reproduces docs/benchmarks.md: builds the sample app and the benchmarks, runs the JMH
# benchmarks and the load benchmark against the local PostgreSQL and Redis, and writes
# the report. Takes about 20 minutes; run it on an otherwise idle machine.
#
#   benchmarks/run.sh
#
# IDEMPOTENCY_BENCH_POSTGRES_URL and IDEMPOTENCY_BENCH_REDIS_URL point it at other
# servers; JMH_ARGS and LOAD_ARGS pass options on (for example LOAD_ARGS=--requests=5000
# for a shorter run). It writes only to benchmarks/target/ and docs/, a schema of its own
# (payments_bench, dropped at the end) and Redis keys under idempotency-bench:.
set -euo pipefail
cd "$(dirname "$0")/.."

export IDEMPOTENCY_BENCH_POSTGRES_URL="${IDEMPOTENCY_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
export IDEMPOTENCY_BENCH_REDIS_URL="${IDEMPOTENCY_BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
out=benchmarks/target

echo "==> Building"
./mvnw -q -DskipTests package -pl sample-payments-app,benchmarks -am

echo "==> JMH benchmarks"
# shellcheck disable=SC2086
java -jar "$out/benchmarks.jar" -rf json -rff "$out/jmh.json" ${JMH_ARGS:-}

echo "==> Load benchmark"
# shellcheck disable=SC2086
java -cp "$out/benchmarks.jar" dev.idempotency.benchmarks.load.LoadBenchmark \
	--app-jar=sample-payments-app/target/sample-payments-app.jar --out="$out/load.json" ${LOAD_ARGS:-}

echo "==> Report"
java -cp "$out/benchmarks.jar" dev.idempotency.benchmarks.load.BenchmarkReport \
	"$out/jmh.json" "$out/load.json" docs/benchmarks.md docs/benchmarks-throughput.svg
