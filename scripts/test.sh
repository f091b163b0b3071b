#!/usr/bin/env bash
# Runs every test of every module on a fresh machine: installs the tools the tests need, then
# 'mvn verify'. Tests start what they use themselves (embedded PostgreSQL from Maven, the services
# on random local ports); nothing else needs to run beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
mvn -B verify "$@"
