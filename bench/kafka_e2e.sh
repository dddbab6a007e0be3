#!/usr/bin/env bash
# End-to-end throughput through a real local Kafka broker, both processing guarantees on the
# same data: generated traffic is produced to the input topics first, then `consentry run`
# consumes it all exactly once (the default), then again at least once (another consumer group
# and state directory). Prints the producer rate, each run's summary and, last, one line
# `RESULT eos_rate=... alo_rate=... eos_over_alo=...` (records/s from the first to the last
# batch). Uses a Release build in build-release/ unless CONSENTRY_BUILD_DIR names another.
#
#   bench/kafka_e2e.sh [SUBJECTS]        (default 100000 subjects, about 5 records each)
#
# CONSENTRY_ENGINES=N sets processing.engines of both runs (default: configs/consentry.yaml's).
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-100000}
build=${CONSENTRY_BUILD_DIR:-build-release}
[[ -n "${CONSENTRY_BUILD_DIR:-}" ]] || scripts/build build-release -DCMAKE_BUILD_TYPE=Release
bin=$build/app/consentry
work=$(mktemp -d /tmp/consentry-e2e-XXXXXX)
trap 'scripts/kafka stop "$work/kafka" >/dev/null; rm -rf "$work"' EXIT
CONSENTRY_BOOTSTRAP=$(scripts/kafka start "$work/kafka" | tail -1)
export CONSENTRY_BOOTSTRAP
sed -e 's/^group_id: .*//' configs/consentry.yaml >"$work/eos.yaml"
echo "group_id: consentry-eos" >>"$work/eos.yaml"
# The second group needs internal topics of its own (a group's changelog and by-sender topics
# are its state: another group reading them would resume where the first one stopped).
sed -e 's/^  guarantee: exactly_once/  guarantee: at_least_once/' -e 's/^group_id: consentry-eos/group_id: consentry-alo/' \
  -e 's/consentry\.changelog/consentry-alo.changelog/' -e 's/consentry\.by-sender/consentry-alo.by-sender/' \
  "$work/eos.yaml" >"$work/alo.yaml"
grep -q 'guarantee: at_least_once' "$work/alo.yaml" || { echo "kafka_e2e: no guarantee line to switch" >&2; exit 1; }
# CONSENTRY_ENGINES=N: processing.engines for both runs (default: the config's).
if [[ -n "${CONSENTRY_ENGINES:-}" ]]; then
  sed -i -e "s/^  engines: .*/  engines: $CONSENTRY_ENGINES/" "$work/eos.yaml" "$work/alo.yaml"
  grep -q "^  engines: $CONSENTRY_ENGINES$" "$work/alo.yaml" || { echo "kafka_e2e: no engines line to set" >&2; exit 1; }
fi
"$bin" topics create --config "$work/eos.yaml" >/dev/null
"$bin" topics create --config "$work/alo.yaml" >/dev/null
"$bin" gen --subjects "$subjects" --malformed 10 --out "$work/t.jsonl" --labels "$work/l.jsonl"
records=$(wc -l <"$work/t.jsonl")
start=$(date +%s.%N)
"$bin" produce --config "$work/eos.yaml" --input "$work/t.jsonl"
end=$(date +%s.%N)
awk -v n="$records" -v s="$start" -v e="$end" 'BEGIN { printf "produce: %d records in %.1f s (%.0f records/s)\n", n, e - s, n / (e - s) }'
run() {  # run NAME: consumes everything with $work/NAME.yaml; its log in $work/NAME.log
  "$bin" run --config "$work/$1.yaml" --state-dir "$work/state-$1" --until-idle 5 --progress 0 \
    2>"$work/$1.log" || { cat "$work/$1.log" >&2; exit 1; }
  echo "== $1"
  grep -E 'instance|done in|throughput' "$work/$1.log"
}
rate() { sed -nE 's/.*throughput from the first to the last batch: ([0-9]+) records.*/\1/p' "$work/$1.log"; }
run eos
run alo
awk -v e="$(rate eos)" -v a="$(rate alo)" -v n="$records" \
  'BEGIN { printf "RESULT records=%d eos_rate=%d alo_rate=%d eos_over_alo=%.2f\n", n, e, a, e / a }'
