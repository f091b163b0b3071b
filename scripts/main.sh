#!/usr/bin/env bash
# The main job on a fresh machine: installs the tools it needs, builds the suite, then runs it end
# to end on the embedded default: backbone, embedded PostgreSQL, the four services, import (MVTec AD
# bottle from ../shared/data unless another MVTec-layout folder is given), training, scoring of the
# test split through the scoring service, and the report (.inspection/reports/...). Extra arguments go
# to 'inspect main' (see scripts/main.sh --help: --method bgad, --set steps=N, --keep-serving, ports).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
echo "building the suite (mvn -DskipTests package) ..." >&2
mvn -B -q -DskipTests package
exec java -Dinspection.home="$PWD" -jar cli/target/inspection-cli.jar main "$@"
