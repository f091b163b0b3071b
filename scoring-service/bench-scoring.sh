#!/usr/bin/env bash
# Scoring-service speed benchmark (not a test): builds the packaged feature and scoring services,
# starts them as child processes with an in-process registry serving a SimpleNet head, drives the
# scoring service over real gRPC on loopback with the MVTec bottle test PNGs (1 client and 8 clients),
# prints p50/p99, images/s, server stage times, each service's RSS, the head's own cost and the bare
# ONNX Runtime trunk anchor measured in the same run, and whether 8 clients reach 45% of the anchor.
# Usage: scoring-service/bench-scoring.sh [seconds per scenario] [extra ScoringBenchmark options]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
[ -n "${BENCH_SKIP_BUILD:-}" ] || mvn -o -q -pl feature-service,scoring-service -am package -DskipTests
exec java -Dinspection.shared.dir="$(realpath ../shared)" \
  -cp 'scoring-service/target/test-classes:scoring-service/target/quarkus-app/app/*:scoring-service/target/quarkus-app/lib/main/*' \
  dev.inspection.scoring.bench.ScoringBenchmark --seconds "$seconds" "$@"
