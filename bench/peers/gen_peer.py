#!/usr/bin/env python3
"""Deterministic input for the side-by-side benchmark (bench/peer.sh): consent.v1 and
outbound.v1 records in the "peer profile" that consentry and the Kafka Streams peer both
implement exactly, plus the alerts expected from a third, independent reading of the rules.

    gen_peer.py --subjects N [--seed S] [--mix typical|heavy] --out traffic.jsonl
                [--expected expected.jsonl]

Profile (see bench/peers/kstreams/README.md):
  * jurisdiction DK (built-in EU policy: marketing by email and SMS needs prior consent,
    withdrawals honoured within 48 h of calendar time);
  * tenants acme and globex, each capped by peer.yaml at 3 marketing messages per person in
    24 h, any channel, not per purpose;
  * channels email and sms; purposes marketing.communications.{email,sms},
    marketing.advertising and essential.service.transactional (needs no consent, never counted);
  * consent actions grant (legal_basis consent, first party, no expiry, no relationship) and
    withdraw, with explicit channels (or "*") and purposes (a parent covers its children);
  * per subject, event times strictly increase and no two records share a second (so a
    message and a decision never share a timestamp, and the 24 h count never has two messages
    in one second); some timestamps carry an offset (+01:00/+02:00) or a fraction;
  * edge cases on purpose: messages exactly 48 h after a withdrawal (late: alert), exactly
    24 h after an earlier message (the earlier one no longer counts).

The file is sorted by event time (ties by subject), so each partition of each topic is in
event-time order, as a live feed would be; consentry's watermarks and Kafka Streams' choice of
the smallest head timestamp then see every decision before the messages that follow it.
"""
import argparse
import datetime as dt
import random
import sys

BASE = int(dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc).timestamp())  # seconds
US = 1_000_000
TENANTS = ["acme", "globex"]
CAP_MAX, CAP_WINDOW_S = 3, 86400          # must match peer.yaml and the peer's --cap flags
WITHDRAWAL_WINDOW_US = 48 * 3600 * US     # EU policy, calendar time
CHANNEL_SETS = [["email"], ["sms"], ["email", "sms"], ["*"]]
PURPOSE_SETS = [["marketing"], ["marketing.communications"], ["marketing.communications.email"],
                ["marketing.communications.sms"],
                ["marketing.communications.email", "marketing.communications.sms"],
                ["marketing.advertising"]]
OFFSETS = [0, 0, 0, 3600, 7200]           # seconds east of UTC used to write a timestamp
# How often each thing happens. "typical": most people granted broad marketing consent, and
# about one message in five breaks a rule; "heavy": narrow, random grants and frequent
# withdrawals, so about two messages in three alert (stresses the alert output path).
MIXES = {
    "typical": {"start_with_grant": 0.97, "broad_grant": 0.92, "grant": 0.04, "withdraw": 0.06,
                "burst": [1, 1, 1, 2, 2, 3]},
    "heavy": {"start_with_grant": 0.7, "broad_grant": 0.0, "grant": 0.12, "withdraw": 0.2,
              "burst": [1, 1, 2, 2, 3, 4, 5]},
}


def rfc3339(t_us, offset_s):
    secs, frac = divmod(t_us, US)
    d = dt.datetime.fromtimestamp(secs + offset_s, tz=dt.timezone.utc)
    s = d.strftime("%Y-%m-%dT%H:%M:%S")
    if frac:
        s += (".%06d" % frac).rstrip("0")
    if offset_s == 0:
        return s + "Z"
    return s + "+%02d:%02d" % (offset_s // 3600, offset_s % 3600 // 60)


def covers(granted, purpose):
    return purpose == granted or purpose.startswith(granted + ".")


class Subject:
    """One subject's timeline; also judges it with the rules, for the expected alerts."""

    def __init__(self, rng, idx, mix):
        self.rng = rng
        self.mix = mix
        self.sid = "s-%07d" % idx
        self.tenants = TENANTS[:] if rng.random() < 0.3 else [rng.choice(TENANTS)]
        self.t = (BASE + rng.randrange(0, 7 * 86400)) * US + self.frac()
        self.records = []  # (t_us, seq, line)
        self.ledger = []   # (t_us, event_id, tenant, action, channels, purposes)
        self.sent = []     # (second, tenant) of marketing messages
        self.expected = []
        self.n = 0

    def frac(self):
        r = self.rng.random()
        if r < 0.6:
            return 0
        if r < 0.8:
            return self.rng.randrange(1, 1000) * 1000
        return self.rng.randrange(1, US)

    def advance(self, gap_s, keep_frac=False):
        """Moves to the next whole second at least gap_s later, with a new fraction."""
        if keep_frac:
            self.t += gap_s * US
        else:
            self.t = (self.t // US + gap_s) * US + self.frac()

    def emit(self, line):
        assert not self.records or self.records[-1][0] // US < self.t // US, "one second, one record"
        self.records.append((self.t, self.n, line))
        self.n += 1

    def consent(self, action, tenant, channels, purposes):
        eid = "c-%s-%d" % (self.sid[2:], self.n)
        line = ('{"schema":"consent.v1","event_id":"%s","recorded_at":"%s","tenant":"%s",'
                '"subject":"%s","action":"%s","channels":[%s],"purposes":[%s]' % (
                    eid, rfc3339(self.t, self.rng.choice(OFFSETS)), tenant, self.sid, action,
                    ",".join('"%s"' % c for c in channels),
                    ",".join('"%s"' % p for p in purposes)))
        if action == "grant":
            line += ',"legal_basis":"consent","method":"web_form","source":"first_party"'
        else:
            line += ',"method":"email_link"'
        self.emit(line + "}")
        self.ledger.append((self.t, eid, tenant, action, channels, purposes))

    def message(self, tenant, channel, purpose):
        eid = "m-%s-%d" % (self.sid[2:], self.n)
        self.emit('{"schema":"outbound.v1","event_id":"%s","sent_at":"%s","tenant":"%s",'
                  '"subject":"%s","channel":"%s","purpose":"%s","sender_id":"crm-%d",'
                  '"jurisdiction":"DK","content":{"has_unsubscribe":true}}' % (
                      eid, rfc3339(self.t, self.rng.choice(OFFSETS)), tenant, self.sid, channel,
                      purpose, self.rng.randrange(1, 4)))
        self.judge(eid, tenant, channel, purpose)

    def judge(self, eid, tenant, channel, purpose):
        marketing = covers("marketing", purpose)
        # The ledger is appended in time order, so walking it backwards is latest first.
        standing, decided = "none", None
        for (t, _, ten, action, channels, purposes) in reversed(self.ledger):
            if ten != tenant or t > self.t:
                continue
            if "*" not in channels and channel not in channels:
                continue
            if not any(covers(p, purpose) for p in purposes):
                continue
            standing, decided = ("granted" if action == "grant" else "withdrawn"), t
            break
        if marketing:  # EU: marketing by email or SMS needs consent; other purposes here do not
            if standing == "none":
                self.expected.append(("consent.missing", eid))
            elif standing == "withdrawn" and self.t >= decided + WITHDRAWAL_WINDOW_US:
                self.expected.append(("consent.withdrawn", eid))
            second = self.t // US
            self.sent.append((second, tenant))
            count = sum(1 for (s, ten) in self.sent
                        if ten == tenant and second - CAP_WINDOW_S < s <= second)
            if count > CAP_MAX:
                self.expected.append(("frequency.cap", eid))

    def random_message(self, tenant=None):
        tenant = tenant or self.rng.choice(self.tenants)
        channel = "email" if self.rng.random() < 0.6 else "sms"
        r = self.rng.random()
        if r < 0.72:
            purpose = "marketing.communications." + channel
        elif r < 0.82:
            purpose = "marketing.advertising"
        else:
            purpose = "essential.service.transactional"
        self.message(tenant, channel, purpose)

    def random_decision(self, action):
        tenant = self.rng.choice(self.tenants)
        self.consent(action, tenant, self.rng.choice(CHANNEL_SETS), self.rng.choice(PURPOSE_SETS))
        return tenant

    def gap(self):
        r = self.rng.random()
        if r < 0.45:
            return self.rng.randrange(60, 6 * 3600)
        if r < 0.8:
            return self.rng.randrange(6 * 3600, 30 * 3600)
        return self.rng.randrange(30 * 3600, 72 * 3600)

    def build(self):
        rng, mix = self.rng, self.mix
        if rng.random() < mix["start_with_grant"]:  # so not everything is consent.missing
            for tenant in self.tenants:
                broad = rng.random() < mix["broad_grant"]
                self.consent("grant", tenant,
                             rng.choice(CHANNEL_SETS[2:] if broad else CHANNEL_SETS),
                             rng.choice(PURPOSE_SETS[:2] if broad else PURPOSE_SETS))
                self.advance(rng.randrange(1, 600))
        for _ in range(rng.randint(1, 4)):
            self.advance(self.gap())
            r = rng.random()
            if r < mix["grant"]:
                self.random_decision("grant")
            elif r < mix["grant"] + mix["withdraw"]:
                tenant = self.random_decision("withdraw")
                # Messages of that tenant inside the 48 h window, at its end, or after it.
                for _ in range(rng.randint(1, 2)):
                    w = rng.random()
                    if w < 0.45:
                        self.advance(rng.randrange(1, 47 * 3600))
                    elif w < 0.6:
                        deadline = self.ledger[-1][0] + WITHDRAWAL_WINDOW_US  # exactly then
                        if deadline // US > self.t // US:
                            self.t = deadline
                        else:
                            self.advance(rng.randrange(1, 3600))
                    else:
                        self.advance(rng.randrange(47 * 3600, 80 * 3600))
                    self.random_message(tenant)
            else:  # a burst: sometimes more than the cap allows in 24 h
                first = None
                for k in range(rng.choice(mix["burst"])):
                    if k:
                        if rng.random() < 0.1 and first is not None:
                            # exactly 24 h after the burst's first message, same fraction
                            target = first + CAP_WINDOW_S * US
                            if target // US > self.t // US:
                                self.t = target
                            else:
                                self.advance(rng.randrange(1, 4 * 3600))
                        else:
                            self.advance(rng.randrange(1, 4 * 3600))
                    if first is None:
                        first = self.t
                    self.random_message()
        return self.records


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--subjects", type=int, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    ap.add_argument("--expected")
    ap.add_argument("--mix", choices=sorted(MIXES), default="typical")
    a = ap.parse_args()
    if a.subjects < 1:
        sys.exit("gen_peer: --subjects must be at least 1")
    rng = random.Random(a.seed)
    records, expected = [], []
    for i in range(a.subjects):
        s = Subject(rng, i, MIXES[a.mix])
        for (t, seq, line) in s.build():
            records.append((t, i, seq, line))
        expected.extend(s.expected)
    records.sort()
    with open(a.out, "w") as f:
        f.writelines(r[3] + "\n" for r in records)
    if a.expected:
        with open(a.expected, "w") as f:
            f.writelines('{"detector":"%s","event_id":"%s"}\n' % e for e in sorted(expected))
    messages = sum(1 for r in records if r[3].startswith('{"schema":"outbound'))
    by = {}
    for d, _ in expected:
        by[d] = by.get(d, 0) + 1
    print("gen_peer: %d records (%d messages, %d consent decisions) for %d subjects; expected %s"
          % (len(records), messages, len(records) - messages, a.subjects,
             " ".join("%s=%d" % kv for kv in sorted(by.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
