#!/usr/bin/env bash
# Feature-service speed benchmark: starts the packaged service on a free local port with the shared
# default backbone, drives it over real gRPC with the MVTec bottle test images, and runs the bare
# ONNX Runtime trunk anchor in the same run. Prints images/s, p50/p99, ratio to the anchor, where the
# time goes and the service's RSS. Usage: scripts/bench-features.sh [seconds per scenario] [FLOAT32|FLOAT16]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
dtype=${2:-FLOAT32}
shared=$(realpath ../shared)
model=$shared/models/resnet50_keras_imagenet/resnet50_trunk.onnx
port=${BENCH_PORT:-18082}
[ -f feature-service/target/quarkus-app/quarkus-run.jar ] && [ -f cli/target/inspection-cli.jar ] || mvn -B -q -DskipTests package
log=$(mktemp)
java -Xmx1g ${FEATURE_JAVA_OPTS:-} -Dquarkus.http.port=$port -Dinspection.feature.backbone-file="$model" \
  -jar feature-service/target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$port/q/health/ready" >/dev/null && break
  kill -0 $pid 2>/dev/null || { echo "feature-service exited; log:"; tail -20 "$log"; exit 4; }
  sleep 0.5
done
grep -m1 "loaded from" "$log" || true
java -jar cli/target/inspection-cli.jar bench features --target localhost:$port \
  --images "$shared/data/mvtec_ad/bottle/test" --anchor-model "$model" --threads 2 \
  --seconds "$seconds" --service-pid $pid --dtype "$dtype"
