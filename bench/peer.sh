#!/usr/bin/env bash
# Side-by-side: consentry against a plain Kafka Streams 4.1 application (bench/peers/kstreams/)
# running the same three rules (consent.missing, consent.withdrawn, frequency.cap) on the same
# broker and the same data, with the alerts compared on (detector, event_id).
#
#   bench/peer.sh [SUBJECTS] [GUARANTEE...]     SUBJECTS default 200 (about 5.5 records each);
#                                               GUARANTEE at_least_once and/or exactly_once
#                                               (default: both, in that order)
#
# CONSENTRY_ENGINES=N sets consentry's processing.engines (default: bench/peers/peer.yaml's).
#
# PEER_MIX=typical (default: about one message in five breaks a rule) or heavy (about two in
# three: most of the work is then writing alerts) picks the generator's mix.
#
# One broker (scripts/kafka). All input is generated (bench/peers/gen_peer.py, seed 42) and
# produced before either system starts. Then, per guarantee, consentry runs
# (`consentry run --until-idle 5`, config bench/peers/peer.yaml with its own group and topics)
# and then the peer (its own application.id and alerts topic; exactly_once is its
# exactly_once_v2), one after the other, each under /usr/bin/time for its peak RSS. Both alert
# topics are read read_committed (`consentry dump`) and compared (bench/peers/compare.py).
# Prints, per guarantee, the counts per detector and the first differences, then one line
#
#   RESULT records=N mix=M alo_consentry_rate=R1 alo_peer_rate=R2 alo_speedup=R1/R2
#          alo_consentry_rss=B1 alo_peer_rss=B2 alo_rss_ratio=B2/B1 alo_agree=true|false
#          eos_... agree=true|false
#
# (rates in records/s; alo_ for at_least_once, eos_ for exactly_once; agree is true when every
# guarantee run agreed).
# consentry_rate is its log's "throughput from the first to the last batch"; peer_rate is the
# peer's records / seconds from its first to its last input record processed. Sizes are
# /usr/bin/time's peak RSS in bytes. Exits 1 if any guarantee disagrees.
#
# consentry comes from ${CONSENTRY_BUILD_DIR:-build-release} (built here, Release, unless
# CONSENTRY_BUILD_DIR is set); the peer is built with Maven (`mvn -q -B package`, offline once
# its dependencies are in ~/.m2). PEER_JAVA_OPTS (default below) goes to the peer's JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-200}
shift || true
guarantees=("$@")
((${#guarantees[@]})) || guarantees=(at_least_once exactly_once)
[[ "$subjects" =~ ^[1-9][0-9]*$ ]] || { echo "peer.sh: SUBJECTS must be a positive integer" >&2; exit 2; }
for g in "${guarantees[@]}"; do
  [[ "$g" == at_least_once || "$g" == exactly_once ]] ||
    { echo "peer.sh: GUARANTEE must be at_least_once or exactly_once, not '$g'" >&2; exit 2; }
done
# A heap sized as a user would size it for this state; RSS follows -Xmx (README.md).
peer_java_opts=${PEER_JAVA_OPTS:--Xmx512m}
mix=${PEER_MIX:-typical}
[[ "$mix" == typical || "$mix" == heavy ]] || { echo "peer.sh: PEER_MIX must be typical or heavy" >&2; exit 2; }

step_start=$SECONDS
step() {  # step NAME: prints how long the step since the last call took
  echo "peer.sh: $1 took $((SECONDS - step_start)) s" >&2
  step_start=$SECONDS
}

build=${CONSENTRY_BUILD_DIR:-build-release}
[[ -n "${CONSENTRY_BUILD_DIR:-}" ]] || scripts/build build-release -DCMAKE_BUILD_TYPE=Release
bin=$build/app/consentry
[[ -x "$bin" ]] || { echo "peer.sh: no $bin; build it or set CONSENTRY_BUILD_DIR" >&2; exit 1; }
peer=bench/peers/kstreams
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
mkdir -p "$peer/target"
(cd "$peer" && mvn -q -B -Dstyle.color=never package >target/build.log 2>&1) ||
  { cat "$peer/target/build.log" >&2; echo "peer.sh: the peer did not build" >&2; exit 1; }
peer_cp="$peer/target/peer.jar:$(cat "$peer/target/classpath.txt")"
step "build"

work=$(mktemp -d /tmp/consentry-peer-XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do  # /usr/bin/time and what it runs
    kill $(pgrep -P "$pid") "$pid" 2>/dev/null || true
  done
  scripts/kafka stop "$work/kafka" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# run_bg OUT ERR CMD...: runs CMD in the background (so the EXIT trap can stop it), waits for it.
run_bg() {
  local out=$1 err=$2
  shift 2
  "$@" >"$out" 2>"$err" &
  pids+=($!)
  wait "$!"
}

CONSENTRY_BOOTSTRAP=$(scripts/kafka start "$work/kafka" | tail -1)
export CONSENTRY_BOOTSTRAP
step "broker start"

# The tenant caps of peer.yaml, as the peer's --cap flags (TENANT:MAX:WINDOW_SECONDS). Only the
# shape the peer implements is accepted: any channel, purposes [marketing], not per purpose.
mapfile -t caps < <(python3 - bench/peers/peer.yaml <<'EOF'
import re, sys
units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
caps, cur, inside = [], None, False
for line in open(sys.argv[1]):
    if re.match(r"^frequency_caps:", line):
        inside = True
        continue
    if inside and re.match(r"^\S", line) and not line.startswith("#"):
        break
    if not inside:
        continue
    m = re.match(r"^\s*(- )?\s*(\w+):\s*(.*?)\s*(#.*)?$", line)
    if not m:
        continue
    if m.group(1):
        cur = {}
        caps.append(cur)
    cur[m.group(2)] = m.group(3)
for c in caps:
    w = re.fullmatch(r"(\d+)([smhd])", c.get("window", ""))
    if ("tenant" not in c or not w or c.get("channels", '["*"]') != '["*"]'
            or c.get("purposes", "[marketing]") != "[marketing]"
            or c.get("per_purpose", "false") != "false" or "jurisdiction" in c):
        sys.exit("peer.sh: frequency_caps entry %r is outside what the peer implements" % c)
    print("--cap")
    print("%s:%s:%d" % (c["tenant"], c["max"], int(w.group(1)) * units[w.group(2)]))
EOF
)
((${#caps[@]})) || { echo "peer.sh: no tenant caps found in bench/peers/peer.yaml" >&2; exit 1; }

# One config per guarantee: its own group, guarantee, alerts topic and internal topics (a
# group's changelog is its state; docs/processing.md).
for g in "${guarantees[@]}"; do
  tag=${g//_/-}
  sed -e "s/^group_id: .*/group_id: consentry-peer-$tag/" \
    -e "s/^  guarantee: .*/  guarantee: $g/" \
    -e "s/^\(  [a-z_]*\): consentry\./\1: consentry-$tag./" bench/peers/peer.yaml >"$work/$tag.yaml"
  if [[ -n "${CONSENTRY_ENGINES:-}" ]]; then
    sed -i -e "s/^  engines: .*/  engines: $CONSENTRY_ENGINES/" "$work/$tag.yaml"
    grep -q "^  engines: $CONSENTRY_ENGINES$" "$work/$tag.yaml" || { echo "peer.sh: no engines line in peer.yaml" >&2; exit 1; }
  fi
  grep -q "^  guarantee: $g$" "$work/$tag.yaml" || { echo "peer.sh: no guarantee line in peer.yaml" >&2; exit 1; }
  grep -q "^  alerts: consentry-$tag.alerts$" "$work/$tag.yaml" || { echo "peer.sh: no alerts topic in peer.yaml" >&2; exit 1; }
  "$bin" topics create --config "$work/$tag.yaml" >/dev/null
done
first=${guarantees[0]//_/-}
step "topics"

python3 bench/peers/gen_peer.py --subjects "$subjects" --mix "$mix" --out "$work/input.jsonl" \
  --expected "$work/expected.jsonl"
records=$(wc -l <"$work/input.jsonl")
step "generate ($records records)"
"$bin" produce --config "$work/$first.yaml" --input "$work/input.jsonl" 2>"$work/produce.log" ||
  { cat "$work/produce.log" >&2; exit 1; }
step "produce"

status=0
results=()
for g in "${guarantees[@]}"; do
  tag=${g//_/-}
  echo "== $g"
  run_bg /dev/null "$work/consentry-$tag.log" /usr/bin/time -f %M -o "$work/consentry-$tag.rss" \
    "$bin" run --config "$work/$tag.yaml" --state-dir "$work/state-$tag" --until-idle 5 --progress 0 ||
    { cat "$work/consentry-$tag.log" >&2; exit 1; }
  grep -E 'done in|throughput' "$work/consentry-$tag.log"
  step "consentry run ($g)"
  peer_guarantee=$g
  [[ "$g" == exactly_once ]] && peer_guarantee=exactly_once_v2
  # shellcheck disable=SC2086  # PEER_JAVA_OPTS is a list of options
  run_bg "$work/peer-$tag.out" "$work/peer-$tag.log" /usr/bin/time -f %M -o "$work/peer-$tag.rss" \
    java $peer_java_opts -cp "$peer_cp" consentry.peer.PeerApp --bootstrap "$CONSENTRY_BOOTSTRAP" \
    --application-id "peer-$tag" --guarantee "$peer_guarantee" --expect "$records" \
    --state-dir "$work/peer-state-$tag" --alerts-topic "peer-$tag.alerts" "${caps[@]}" ||
    { cat "$work/peer-$tag.log" "$work/peer-$tag.out" >&2; exit 1; }
  grep -E '^peer:' "$work/peer-$tag.log" || true
  cat "$work/peer-$tag.out"
  step "peer run ($g)"
  "$bin" dump --config "$work/$tag.yaml" --topic "consentry-$tag.alerts" --out "$work/consentry-$tag.alerts.jsonl" 2>/dev/null
  "$bin" dump --config "$work/$tag.yaml" --topic "peer-$tag.alerts" --out "$work/peer-$tag.alerts.jsonl" 2>/dev/null
  compare=$(python3 bench/peers/compare.py --consentry "$work/consentry-$tag.alerts.jsonl" \
    --peer "$work/peer-$tag.alerts.jsonl" --expected "$work/expected.jsonl") || status=1
  echo "$compare"
  step "read and compare ($g)"
  agree=${compare##*agree=}
  c_rate=$(sed -nE 's/.*throughput from the first to the last batch: ([0-9]+) records.*/\1/p' "$work/consentry-$tag.log")
  # A run whose input fits one batch has no first-to-last span: its whole run (startup and
  # the idle wait included) is the only figure, and an unfair one, so it is marked.
  if [[ -z "$c_rate" ]]; then
    c_rate=$(sed -nE 's/.*done in ([0-9.]+)s: ([0-9]+) records.*/\2 \1/p' "$work/consentry-$tag.log" |
      awk '$2 > 0 { printf "%d(whole-run)", $1 / $2 }')
  fi
  p_rate=$(sed -nE 's/^PEER .* rate=([0-9]+) .*/\1/p' "$work/peer-$tag.out")
  c_rss=$(($(tail -1 "$work/consentry-$tag.rss") * 1024))
  p_rss=$(($(tail -1 "$work/peer-$tag.rss") * 1024))
  prefix=alo
  [[ "$g" == exactly_once ]] && prefix=eos
  results+=("$(awk -v p="$prefix" -v cr="${c_rate:-0}" -v pr="${p_rate:-0}" -v cm="$c_rss" \
    -v pm="$p_rss" -v a="$agree" 'BEGIN {
      printf "%s_consentry_rate=%s %s_peer_rate=%s %s_speedup=%s %s_consentry_rss=%d %s_peer_rss=%d %s_rss_ratio=%.2f %s_agree=%s",
        p, (cr + 0 > 0 ? cr : "n/a"), p, (pr > 0 ? pr : "n/a"),
        p, ((pr > 0 && cr + 0 > 0 && cr !~ /whole-run/) ? sprintf("%.2f", cr / pr) : "n/a"), p, cm, p, pm, p, pm / cm, p, a }')")
done
agree=true
((status == 0)) || agree=false
echo "RESULT records=$records mix=$mix ${results[*]} agree=$agree"
exit "$status"
