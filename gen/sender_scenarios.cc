// Sender-level scenarios: not one subject but one sender (or campaign, or piece of content)
// and many fresh recipients of its own (docs/detectors.md, sender stage):
//   - sender.velocity: tumbling 1- and 10-minute windows per tenant and sender; fires for a
//     warmed-up sender (first message >= 30 min before the window) whose window count is >= 100
//     (1,000 in 10 min), > EWMA mean + 6 sd and > 5 x its mean. Messages of a campaign with a
//     declared expected_volume are exempt while the campaign's running total is within 1.1 x
//     that volume; a campaign passing it fires on its own (entity campaign:<id>);
//   - content.fanout: per tenant and 1-hour window, near-duplicate content (simhash distance
//     <= 3) reaching >= 1,000 recipients of whom >= 50 % lack consent, or >= 20 senders with
//     >= 200 recipients and >= 20 % unconsented;
//   - complaint.rate: per tenant and sender over the rolling 24 h, complaints / (sent - bounces)
//     with sent - bounces >= 1,000: alert above 0.3 %, warn above 0.1 %.
// Positives are built far past those thresholds (100 x the baseline, 1,500 unconsented
// recipients, a 1 % complaint rate) and hard negatives far below them, so the labels hold while
// the exact thresholds move a little. Messages use purposes, channels and jurisdictions no
// quiet-hours or cap policy judges (email, EU or US); each is labelled with the subject-level
// detectors it must raise (consent.missing for EU marketing email without consent).
//
// Every copy of a scenario takes a day of its own from 2026-03-03 on (slot = scenario + 9 x
// copy), starting at 10:00Z on a 10-minute boundary, so no two scenarios share a window.

#include <cstdio>

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

using std::chrono::duration_cast;

constexpr Duration Min(int n) { return duration_cast<Duration>(minutes(n)); }

// Fingerprint variants within Hamming distance 2 of the base and of each other: two fixed bits
// flipped or not.
uint64_t Variant(uint64_t base, uint64_t pick) {
  constexpr uint64_t kBitA = uint64_t{1} << 7, kBitB = uint64_t{1} << 41;
  return base ^ ((pick & 1) ? kBitA : 0) ^ ((pick & 2) ? kBitB : 0);
}

std::string ContentEntity(uint64_t fingerprint) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
  return std::string("content:") + hex;
}

// An EU marketing email of `sender`; without consent the recipient raises consent.missing.
Message EuMarketing(const std::string& tenant, const std::string& sender, Timestamp at) {
  return {.channel = "email", .at = at, .jurisdiction = "DK", .tenant = tenant,
          .sender_id = sender};
}

// A US marketing email: no consent needed (CAN-SPAM is opt-out), unsubscribe link included.
Message UsMarketing(const std::string& tenant, const std::string& sender, Timestamp at) {
  return {.channel = "email", .at = at, .jurisdiction = "US", .tenant = tenant,
          .sender_id = sender};
}

// A receipt: no consent needed anywhere, never judged for quiet hours or caps.
Message Receipt(const std::string& tenant, const std::string& sender, Timestamp at) {
  return {.channel = "email", .purpose = "essential.service.transactional", .at = at,
          .campaign = "ops-" + tenant, .jurisdiction = "DE", .tenant = tenant,
          .sender_id = sender};
}

// `per_minute` receipts a minute from `from` for `count` minutes, to a pool of 200 recipients.
void Baseline(Crowd& c, const std::string& tenant, const std::string& sender, Timestamp from,
              int count, int per_minute) {
  for (int minute = 0; minute < count; ++minute) {
    for (int i = 0; i < per_minute; ++i) {
      const Timestamp at = from + Min(minute) + c.rng().Within(Min(1));
      c.Send(Receipt(tenant, sender, at), c.prefix() + "-base" + std::to_string(c.rng().Below(200)),
             {});
    }
  }
}

std::string TenantOf(const SenderSlot& s, bool first_acme) {
  return (s.copy % 2 == 0) == first_acme ? "acme" : "globex";
}

// ~5 a minute for an hour, then 1,000 marketing emails without consent in one minute.
void HijackedBurst(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, true), sender = s.Id("hijack");
  const Timestamp start = s.day + hours(10), burst = start + Min(60);
  Baseline(c, tenant, sender, start, 60, 5);
  for (int i = 0; i < 1000; ++i) {
    c.Send(EuMarketing(tenant, sender, burst + c.rng().Within(Min(1))), c.Subject(i),
           {kConsentMissing});
  }
  Baseline(c, tenant, sender, burst + Min(1), 10, 5);
  c.Label(kSenderVelocity, tenant, "sender:" + sender, burst, burst + Min(1), true);
}

// A campaign declared at 1,000 sends 1,500 over an hour (25 a minute): the campaign passes
// 1.1 x its volume at the 1,101st; the sender's own rate stays far below 100 a minute.
void CampaignOvershoot(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, false), sender = s.Id("promo");
  const std::string campaign = s.Id("overshoot") + "-" + tenant;
  c.Declare({.campaign_id = campaign, .tenant = tenant,
             .purposes = {"marketing.communications.email"}, .channels = {"email"},
             .valid_from = Utc(2025, 1, 1), .expected_volume = 1000});
  const Timestamp start = s.day + hours(10), launch = start + Min(60);
  Baseline(c, tenant, sender, start, 60, 5);
  for (int i = 0; i < 1500; ++i) {
    Message m = UsMarketing(tenant, sender, launch + Min(i / 25) + c.rng().Within(Min(1)));
    m.campaign = campaign;
    c.Send(std::move(m), c.Subject(i), {});
  }
  const Timestamp end = launch + Min(61);
  c.Label(kSenderVelocity, tenant, "campaign:" + campaign, launch, end, true);
  c.Label(kSenderVelocity, tenant, "sender:" + sender, start, end + hours(1), false);
}

// One content, in near-duplicates, to 1,500 recipients without consent within 50 minutes.
void FanoutUnconsented(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, true), sender = s.Id("blast");
  const uint64_t base = c.rng().Bits();
  const Timestamp hour = s.day + hours(10);
  for (int i = 0; i < 1500; ++i) {
    Message m = EuMarketing(tenant, sender, hour + c.rng().Within(Min(50)));
    m.fingerprint = Variant(base, c.rng().Below(4));
    c.Send(std::move(m), c.Subject(i), {kConsentMissing});
  }
  c.Label(kContentFanout, tenant, ContentEntity(base), hour, hour + hours(1), true);
}

// The same content from 30 senders to 300 recipients (10 each), every second one without
// consent.
void FanoutManySenders(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, false);
  const uint64_t base = c.rng().Bits();
  const Timestamp hour = s.day + hours(10);
  for (int i = 0; i < 300; ++i) {
    const std::string subject = c.Subject(i);
    const bool consented = i % 2 == 0;
    if (consented) {
      c.Grant(tenant, subject, "email", "marketing.communications.email", hour - 30 * kDay);
    }
    Message m = EuMarketing(tenant, s.Id("relay") + "-" + std::to_string(i % 30 + 1),
                            hour + c.rng().Within(Min(50)));
    m.fingerprint = Variant(base, c.rng().Below(4));
    c.Send(std::move(m), subject, consented ? Expected{} : Expected{kConsentMissing});
  }
  c.Label(kContentFanout, tenant, ContentEntity(base), hour, hour + hours(1), true);
}

// `sent` US marketing emails in [from, from + span); `complaints` complaints and `bounces`
// bounces from distinct recipients in the hour after.
void SendThenFeedback(Crowd& c, const std::string& tenant, const std::string& sender,
                      Timestamp from, Duration span, int sent, int complaints, int bounces) {
  std::vector<std::string> ids;
  for (int i = 0; i < sent; ++i) {
    ids.push_back(c.Send(UsMarketing(tenant, sender, from + c.rng().Within(span)), c.Subject(i),
                         {}));
  }
  const Timestamp hour = from + span;
  for (int i = 0; i < complaints + bounces; ++i) {
    const int who = i * (sent / (complaints + bounces));
    c.Give({.kind = i < complaints ? "complaint" : "bounce", .channel = "email",
            .at = hour + c.rng().Within(Min(60)), .campaign = "camp-" + tenant + "-email",
            .tenant = tenant, .sender_id = sender, .ref_event_id = ids[who]},
           c.Subject(who));
  }
}

// 1,500 emails over 20 hours from 00:00Z, then 15 complaints in one hour: 1 %.
void ComplaintSpike(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, true), sender = s.Id("news");
  SendThenFeedback(c, tenant, sender, s.day, duration_cast<Duration>(hours(20)), 1500, 15, 0);
  c.Label(kComplaintRate, tenant, "sender:" + sender, s.day, s.day + hours(22), true);
}

// Hard negative: 2,000 emails, then 1 complaint and 10 bounces: 1 / 1,990 = 0.05 %. The emails
// go out within one clock hour, so every hourly evaluation of a 24 h window holding the
// complaint holds all of them (spread over the day, the window would shed emails while keeping
// the complaint, down to 1 / 1,000 at the minimum volume: the warn threshold itself).
void LowComplaintRate(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, false), sender = s.Id("digest");
  SendThenFeedback(c, tenant, sender, s.day + hours(10), Min(60), 2000, 1, 10);
  c.Label(kComplaintRate, tenant, "sender:" + sender, s.day, s.day + 3 * kDay, false);
}

// Hard negative: a campaign declared at 3,000 sends 3,000 (one template) in 10 minutes from a
// sender whose baseline is 5 a minute; exempt, and no consent is lacking.
void LargeDeclaredCampaign(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, false), sender = s.Id("bulk");
  const std::string campaign = s.Id("launch") + "-" + tenant;
  c.Declare({.campaign_id = campaign, .tenant = tenant,
             .purposes = {"marketing.communications.email"}, .channels = {"email"},
             .valid_from = Utc(2025, 1, 1), .expected_volume = 3000});
  const uint64_t fingerprint = c.rng().Bits();
  const Timestamp start = s.day + hours(10), launch = start + Min(60);
  Baseline(c, tenant, sender, start, 60, 5);
  for (int i = 0; i < 3000; ++i) {
    Message m = UsMarketing(tenant, sender, launch + Min(i / 300) + c.rng().Within(Min(1)));
    m.campaign = campaign;
    m.fingerprint = fingerprint;
    c.Send(std::move(m), c.Subject(i), {});
  }
  Baseline(c, tenant, sender, launch + Min(10), 10, 5);
  const Timestamp end = launch + Min(20);
  c.Label(kSenderVelocity, tenant, "sender:" + sender, start, end + hours(1), false);
  c.Label(kSenderVelocity, tenant, "campaign:" + campaign, start, end + hours(1), false);
  c.Label(kComplaintRate, tenant, "sender:" + sender, start, end + kDay, false);
  c.Label(kContentFanout, tenant, ContentEntity(fingerprint), launch - hours(1),
          launch + hours(2), false);
}

// Hard negative: receipts at 130-170 a minute for 90 minutes, one template, 3,000 recipients.
void SteadyTransactional(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, true), sender = s.Id("txn");
  const uint64_t fingerprint = c.rng().Bits();
  const Timestamp start = s.day + hours(10);
  for (int minute = 0; minute < 90; ++minute) {
    const int count = 130 + static_cast<int>(c.rng().Below(41));
    for (int i = 0; i < count; ++i) {
      Message m = Receipt(tenant, sender, start + Min(minute) + c.rng().Within(Min(1)));
      m.fingerprint = fingerprint;
      c.Send(std::move(m), c.Subject(static_cast<int>(c.rng().Below(3000))), {});
    }
  }
  c.Label(kSenderVelocity, tenant, "sender:" + sender, start, start + Min(150), false);
  c.Label(kContentFanout, tenant, ContentEntity(fingerprint), start - hours(1),
          start + hours(3), false);
}

// Hard negative: 40 senders send one common template to 10 consented recipients each.
void CommonTemplate(Crowd& c, const SenderSlot& s) {
  const std::string tenant = TenantOf(s, false);
  const uint64_t fingerprint = c.rng().Bits();
  const Timestamp hour = s.day + hours(10);
  for (int i = 0; i < 400; ++i) {
    const std::string subject = c.Subject(i);
    c.Grant(tenant, subject, "email", "marketing.communications.email", hour - 30 * kDay);
    Message m = EuMarketing(tenant, s.Id("shop") + "-" + std::to_string(i % 40 + 1),
                            hour + c.rng().Within(Min(50)));
    m.fingerprint = fingerprint;
    c.Send(std::move(m), subject, {});
  }
  c.Label(kContentFanout, tenant, ContentEntity(fingerprint), hour - hours(1), hour + hours(2),
          false);
}

}  // namespace

void AddSenderScenarios(std::vector<SenderScenario>& out) {
  out.insert(out.end(), {
      {"hijacked_sender_burst", kSenderVelocity, HijackedBurst},
      {"campaign_over_expected_volume", kSenderVelocity, CampaignOvershoot},
      {"fanout_to_unconsented", kContentFanout, FanoutUnconsented},
      {"fanout_from_many_senders", kContentFanout, FanoutManySenders},
      {"complaint_spike", kComplaintRate, ComplaintSpike},
      {"large_declared_campaign", kSenderVelocity, LargeDeclaredCampaign},
      {"steady_transactional_sender", kSenderVelocity, SteadyTransactional},
      {"common_template_many_senders", kContentFanout, CommonTemplate},
      {"low_complaint_rate", kComplaintRate, LowComplaintRate},
  });
}

}  // namespace consentry::gen_internal
