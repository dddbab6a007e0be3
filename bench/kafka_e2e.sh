#!/usr/bin/env bash
# End-to-end throughput through a real local Kafka broker: generated traffic is produced to the
# input topics first, then `consentry run` consumes it all; prints the producer time and the
# run's throughput from its first to its last batch. Uses a Release build in build-release/.
#
#   bench/kafka_e2e.sh [SUBJECTS]        (default 100000 subjects, 3 messages each)
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-100000}
scripts/build build-release -DCMAKE_BUILD_TYPE=Release
bin=build-release/app/consentry
work=$(mktemp -d /tmp/consentry-e2e-XXXXXX)
trap 'scripts/kafka stop "$work/kafka" >/dev/null; rm -rf "$work"' EXIT
export CONSENTRY_BOOTSTRAP=$(scripts/kafka start "$work/kafka" | tail -1)
config=configs/consentry.yaml
"$bin" topics create --config "$config" >/dev/null
"$bin" gen --subjects "$subjects" --malformed 10 --out "$work/t.jsonl" --labels "$work/l.jsonl"
records=$(wc -l <"$work/t.jsonl")
start=$(date +%s.%N)
"$bin" produce --config "$config" --input "$work/t.jsonl"
end=$(date +%s.%N)
awk -v n="$records" -v s="$start" -v e="$end" 'BEGIN { printf "produce: %d records in %.1f s (%.0f records/s)\n", n, e - s, n / (e - s) }'
"$bin" run --config "$config" --state-dir "$work/state" --until-idle 3 --progress 0 2>&1 |
  grep -E 'done in|throughput|alerts|dlq'
