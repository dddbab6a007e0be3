"""Parses a Prometheus text exposition (a /metrics answer saved to a file) with a real parser,
prometheus_client's (Debian's python3-prometheus-client, installed by scripts/setup), and checks
consentry's names against Prometheus's conventions: every family is consentry_*, counters'
samples end in _total, gauges' do not, histograms are in a base unit (_seconds, _bytes) with
_bucket, _sum and _count samples and a +Inf bucket equal to the count.

    /usr/bin/python3 tests/metrics/check_metrics.py FILE [FAMILY ...]

FAMILY names families that must be present (counters without _total, as the parser names
them). Prints each problem and exits 1 if there is one; prints the families and exits 0
otherwise."""
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    families = list(text_string_to_metric_families(text))
    problems = []
    for f in families:
        if not f.name.startswith("consentry_"):
            problems.append(f"{f.name}: not in the consentry_ namespace")
        if not f.documentation:
            problems.append(f"{f.name}: no HELP text")
        names = {s.name for s in f.samples}
        if f.type == "counter" and any(not n.endswith("_total") for n in names):
            problems.append(f"{f.name}: a counter sample without _total: {sorted(names)}")
        if f.type == "gauge" and any(n.endswith("_total") for n in names):
            problems.append(f"{f.name}: a gauge named like a counter")
        if f.type == "histogram":
            if not (f.name.endswith("_seconds") or f.name.endswith("_bytes")):
                problems.append(f"{f.name}: a histogram not in a base unit")
            for suffix in ("_bucket", "_sum", "_count"):
                if f.name + suffix not in names:
                    problems.append(f"{f.name}: no {suffix} samples")
            counts = {tuple(sorted(s.labels.items())): s.value
                      for s in f.samples if s.name == f.name + "_count"}
            for s in f.samples:
                if s.name == f.name + "_bucket" and s.labels.get("le") == "+Inf":
                    key = tuple(sorted((k, v) for k, v in s.labels.items() if k != "le"))
                    if counts.get(key) != s.value:
                        problems.append(f"{f.name}{dict(key)}: +Inf bucket is not the count")
    # The parser drops a counter's _total from its family name; the TYPE lines keep it.
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[:2] == ["#", "TYPE"]:
            if parts[3] == "counter" and not parts[2].endswith("_total"):
                problems.append(f"{parts[2]}: a counter without _total")
            if parts[3] != "counter" and parts[2].endswith("_total"):
                problems.append(f"{parts[2]}: a {parts[3]} named like a counter")
    present = {f.name for f in families}
    for wanted in sys.argv[2:]:
        if wanted not in present:
            problems.append(f"{wanted}: missing")
    for p in problems:
        print("problem:", p)
    if problems:
        sys.exit(1)
    print(f"{len(families)} families parsed: " + ", ".join(sorted(present)))


main()
