#!/usr/bin/env bash
# Event→alert latency of `consentry run` at a paced load, on a local broker started for the
# purpose (bench/latency_bench.cc says what is measured and how). Two runs, both at least once,
# each with topics and a consumer group of its own:
#   lateness0  processing.allowed_lateness 0s: event→alert, from a message's sent_at to the
#              broker's append (= acknowledgement) of its alert;
#   lateness5  the default 5s: judgeable→ack, from the moment the partition's watermark passes
#              the message's sent_at (the sent_at of the first record on its partition sent 5 s
#              or more after it) to its alert's acknowledgement; `event->alert - allowed
#              lateness` is printed beside it.
# The bench starts 3 s after `run` is assigned its partitions, once the silent consent, feedback
# and suppression streams are idle (idle_timeout 2 s: until then nothing is judged). Its first
# WARMUP seconds (default 5, set LATENCY_WARMUP), while the rate ramps up, are not measured:
# they cover the second or so in which a fresh `run`'s first batches with alerts stall.
#
# Prints each run's figures; the CPU that `run`, the broker and the whole machine (others'
# processes included) used while the bench ran; how long `run` took to stop after SIGTERM (it is
# killed after LATENCY_STOP_GRACE s, default 3: at low rates its queued offset commits take far
# longer); and, last, one line
#   RESULT rate_target=... lateness0_rate=... lateness0_p99_ms=... judgeable_p99_ms=... ...
# Exits 1 if an alert is missing, another rule fired or `run` failed.
# LATENCY_SENDER_DETECTORS=off disables sender.velocity, content.fanout and complaint.rate (the
# default config runs them), so nothing goes through consentry.by-sender. LATENCY_CSV_DIR=DIR
# writes DIR/lateness0.csv and DIR/lateness5.csv, one line per record (latency_bench.cc).
# Uses a Release build in build-release/ unless CONSENTRY_BUILD_DIR names another.
#
#   bench/latency.sh [RATE] [SECONDS]     (default 20000 records/s, 30 s measured)
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-20000}
seconds=${2:-30}
warmup=${LATENCY_WARMUP:-5}
stop_grace=${LATENCY_STOP_GRACE:-3}  # seconds `run` gets to stop after SIGTERM before SIGKILL
sender_off=  # a sed expression that disables the sender-level detectors, when asked
if [[ "${LATENCY_SENDER_DETECTORS:-on}" == off ]]; then
  sender_off='s/^  \(sender\.velocity\|content\.fanout\|complaint\.rate\): {/'
  sender_off+='  \1: {enabled: false, /'
fi
build=${CONSENTRY_BUILD_DIR:-build-release}
if [[ -z "${CONSENTRY_BUILD_DIR:-}" ]]; then
  CONSENTRY_BUILD_TARGETS="consentry latency_bench" scripts/build build-release \
    -DCMAKE_BUILD_TYPE=Release
fi
bin=$build/app/consentry
bench=$build/bench/latency_bench
work=$(mktemp -d /tmp/consentry-latency-XXXXXX)
run_pid=
cleanup() {
  if [[ -n "$run_pid" ]]; then
    kill -TERM "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
  scripts/kafka stop "$work/kafka" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "latency: $*" >&2; exit 1; }

CONSENTRY_BOOTSTRAP=$(scripts/kafka start "$work/kafka" | tail -1)
export CONSENTRY_BOOTSTRAP
broker_pid=$(cat "$work/kafka/kafka.pid")
hz=$(getconf CLK_TCK)
# CPU ticks (user + system) of a process so far (0 once it is gone); its name (field 2) has no
# spaces here.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU ticks the whole machine spent busy so far (every process, ours and others').
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

failed=0
# measure TAG LATENESS: one run of `consentry run` and the bench; the bench's output in
# $work/TAG.out, the CPU figures in $work/TAG.cpu.
measure() {
  local tag=$1 lateness=$2 cfg=$work/$1.yaml
  sed -e "s/^group_id: .*/group_id: latency-$tag/" \
    -e "/^topics:/,/^\$/ s/^\(  [a-z_]*: \)/\1$tag./" \
    -e 's/^  guarantee: exactly_once/  guarantee: at_least_once/' \
    -e "s/^  allowed_lateness: .*/  allowed_lateness: $lateness/" \
    ${sender_off:+-e "$sender_off"} \
    configs/consentry.yaml >"$cfg"
  grep -q '^  guarantee: at_least_once' "$cfg" &&
    grep -q "^  allowed_lateness: $lateness\$" "$cfg" ||
    die "configs/consentry.yaml: no guarantee or allowed_lateness line to set"
  local outbound alerts
  outbound=$(sed -n 's/^  outbound: //p' "$cfg")
  alerts=$(sed -n 's/^  alerts: //p' "$cfg")
  [[ "$outbound" == "$tag."* && "$alerts" == "$tag."* ]] || die "topic names not prefixed in $cfg"
  "$bin" topics create --config "$cfg" >/dev/null
  "$bin" run --config "$cfg" --state-dir "$work/state-$tag" --progress 0 2>"$work/$tag.log" &
  run_pid=$!
  # Ready: assigned (in a life that has not failed since: on a fresh broker the first life may
  # fail while the new topics get their leaders, and `run` rebuilds), then 3 s more, so that the
  # silent input streams are idle (idle_timeout 2 s) before the first record arrives.
  local waited=0 seen
  while :; do
    kill -0 "$run_pid" 2>/dev/null || { cat "$work/$tag.log" >&2; die "run exited early"; }
    ((waited++ < 300)) || { cat "$work/$tag.log" >&2; die "run not ready in 30 s"; }
    seen=$(grep -Es 'assigned [1-9]|degraded' "$work/$tag.log" || true)
    if [[ "${seen##*$'\n'}" == *assigned* ]]; then
      sleep 3
      [[ "$(grep -Es 'assigned [1-9]|degraded' "$work/$tag.log" || true)" == "$seen" ]] && break
    else
      sleep 0.1
    fi
  done
  echo "== $tag: allowed_lateness $lateness, at least once, $rate records/s for $seconds s after" \
    "a ${warmup} s warm-up${sender_off:+, sender-level detectors off}"
  local run0 broker0 busy0 start status=0
  run0=$(ticks "$run_pid")
  broker0=$(ticks "$broker_pid")
  busy0=$(busy_ticks)
  start=$(date +%s.%N)
  env ${LATENCY_CSV_DIR:+LATENCY_BENCH_CSV=$LATENCY_CSV_DIR/$tag.csv} \
    "$bench" "$rate" "$seconds" "$warmup" "${lateness%s}" "$outbound" "$alerts" |
    tee "$work/$tag.out" || status=$?
  local run1 broker1 busy1 end
  run1=$(ticks "$run_pid")
  broker1=$(ticks "$broker_pid")
  busy1=$(busy_ticks)
  end=$(date +%s.%N)
  if ! kill -0 "$run_pid" 2>/dev/null; then
    local rc=0
    wait "$run_pid" || rc=$?
    run_pid=
    echo "latency: $tag: run exited during the bench (status $rc); the end of its log:" >&2
    tail -n 3 "$work/$tag.log" >&2
    echo "run_status=$rc" >"$work/$tag.cpu"
    failed=1
    return
  fi
  # SIGTERM: `run` finishes its batch, commits its offsets synchronously and leaves the group.
  # How long that takes is reported; past the grace period it is killed (the figures are in).
  local stop_start stop_s
  stop_start=$(date +%s.%N)
  kill -TERM "$run_pid"
  since_stop() { awk -v s="$stop_start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }'; }
  while kill -0 "$run_pid" 2>/dev/null &&
    awk -v t="$(since_stop)" -v g="$stop_grace" 'BEGIN { exit !(t < g) }'; do
    sleep 0.1
  done
  stop_s=$(since_stop)
  local rc=0
  if kill -0 "$run_pid" 2>/dev/null; then
    echo "latency: $tag: run still running ${stop_s} s after SIGTERM; killed" >&2
    kill -KILL "$run_pid"
    wait "$run_pid" 2>/dev/null || true
  else
    wait "$run_pid" || rc=$?
  fi
  run_pid=
  if ((rc != 0)); then
    echo "latency: $tag: run failed (status $rc); the end of its log:" >&2
    tail -n 2 "$work/$tag.log" >&2
    status=1
  fi
  awk -v r="$((run1 - run0))" -v b="$((broker1 - broker0))" -v m="$((busy1 - busy0))" \
    -v hz="$hz" -v s="$start" -v e="$end" -v stop="$stop_s" -v rc="$rc" 'BEGIN { w = hz * (e - s)
      printf "run_cpu_cores=%.2f broker_cpu_cores=%.2f machine_busy_cores=%.2f stop_s=%s " \
        "run_status=%d\n", r / w, b / w, m / w, stop, rc }' >"$work/$tag.cpu"
  echo "CPU while the bench ran, in cores (CPU s / wall s; machine: every process, the bench" \
    "and others' included), and seconds from SIGTERM to exit:"
  echo "  $(cat "$work/$tag.cpu")"
  if ((status != 0)); then
    failed=1
    echo "latency: $tag: failed (alerts missing, another rule fired or run failed)" >&2
  fi
}

measure lateness0 0s
measure lateness5 5s

result="RESULT rate_target=$rate sender_detectors=${LATENCY_SENDER_DETECTORS:-on}"
for kv in $(sed -n 's/^RESULT //p' "$work/lateness0.out") $(cat "$work/lateness0.cpu" 2>/dev/null)
do
  [[ "$kv" == judgeable_* ]] || result+=" lateness0_$kv"  # the same as event→alert at 0s
done
for kv in $(sed -n 's/^RESULT //p' "$work/lateness5.out") $(cat "$work/lateness5.cpu" 2>/dev/null)
do
  if [[ "$kv" == judgeable_* ]]; then result+=" $kv"; else result+=" lateness5_$kv"; fi
done
echo "$result"
exit "$failed"
