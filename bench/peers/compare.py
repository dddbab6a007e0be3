#!/usr/bin/env python3
"""Compares consentry's alerts with the Kafka Streams peer's on (detector, event_id).

    compare.py --consentry consentry-alerts.jsonl --peer peer-alerts.jsonl [--expected E.jsonl]

consentry's side is its net alerts (kind "alert" minus those a "retraction" withdrew, by
alert_id) of the three detectors the peer implements; the peer's side is every record of its
alerts topic ({"detector": ..., "event_id": ...}). Duplicates (an at-least-once redelivery) count
once on both sides and are reported. Prints the counts per detector, the first differences, and
last `agree=true|false`: true only if the two sets are identical and hold at least one alert of
each detector. --expected adds the generator's own reading of the rules (gen_peer.py) as a third
opinion, for diagnosis only. Exit status 0 when they agree, 1 otherwise.
"""
import argparse
import json
import sys

DETECTORS = ("consent.missing", "consent.withdrawn", "frequency.cap")


def consentry_alerts(path):
    alerts, retracted, dup, kinds = {}, set(), 0, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            kinds[a.get("kind")] = kinds.get(a.get("kind"), 0) + 1
            if a.get("detector") not in DETECTORS:
                continue
            if a["kind"] == "retraction":
                retracted.add(a["alert_id"])
            elif a["kind"] == "alert":
                dup += a["alert_id"] in alerts
                alerts[a["alert_id"]] = (a["detector"], a["event_id"])
    net = {v for k, v in alerts.items() if k not in retracted}
    return net, dup, kinds


def plain_alerts(path):
    out, dup = set(), 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            key = (a["detector"], a["event_id"])
            dup += key in out
            out.add(key)
    return out, dup


def by_detector(alerts):
    return {d: sum(1 for (x, _) in alerts if x == d) for d in DETECTORS}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--consentry", required=True)
    ap.add_argument("--peer", required=True)
    ap.add_argument("--expected")
    ap.add_argument("--show", type=int, default=5)
    a = ap.parse_args()
    c, c_dup, kinds = consentry_alerts(a.consentry)
    p, p_dup = plain_alerts(a.peer)
    cc, pc = by_detector(c), by_detector(p)
    print("  %-18s %10s %10s" % ("detector", "consentry", "peer"))
    for d in DETECTORS:
        print("  %-18s %10d %10d" % (d, cc[d], pc[d]))
    print("  consentry records by kind: %s; repeated alert ids %d; peer repeated alerts %d"
          % (" ".join("%s=%d" % kv for kv in sorted(kinds.items(), key=str)), c_dup, p_dup))
    if a.expected:
        e, _ = plain_alerts(a.expected)
        print("  generator's reading: %d alerts; consentry %s it, the peer %s it" % (
            len(e), "matches" if c == e else "differs from (%d/%d)" % (len(c - e), len(e - c)),
            "matches" if p == e else "differs from (%d/%d)" % (len(p - e), len(e - p))))
    for name, diff in (("only consentry", sorted(c - p)), ("only the peer", sorted(p - c))):
        if diff:
            print("  %s: %d, e.g. %s" % (name, len(diff), ", ".join(
                "%s %s" % x for x in diff[:a.show])))
    agree = c == p and all(cc[d] > 0 for d in DETECTORS)
    print("agree=%s" % ("true" if agree else "false"))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
