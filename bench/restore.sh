#!/usr/bin/env bash
# Restore time of N subjects' consent state from the changelog (default 10M), on a local broker
# started for the purpose; see bench/restore_bench.cc. Uses a Release build in build-release/
# unless CONSENTRY_BUILD_DIR names another.
#
#   bench/restore.sh [SUBJECTS]
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-10000000}
build=${CONSENTRY_BUILD_DIR:-build-release}
[[ -n "${CONSENTRY_BUILD_DIR:-}" ]] || scripts/build build-release -DCMAKE_BUILD_TYPE=Release
work=$(mktemp -d /tmp/consentry-restore-XXXXXX)
trap 'scripts/kafka stop "$work/kafka" >/dev/null; rm -rf "$work"' EXIT
CONSENTRY_BOOTSTRAP=$(scripts/kafka start "$work/kafka" | tail -1)
export CONSENTRY_BOOTSTRAP
"$build/bench/restore_bench" "$subjects" "$work/state"
