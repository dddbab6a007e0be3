#include "fuzz/state_fuzz_checks.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/partitioner.h"
#include "core/status.h"
#include "state/campaign_codec.h"
#include "state/changelog.h"
#include "state/campaign_history.h"
#include "state/consent_ledger.h"
#include "state/frequency_window.h"
#include "state/honouring_delays.h"
#include "state/stats_cell.h"
#include "state/keys.h"
#include "state/outbound_codec.h"
#include "state/seen_message.h"
#include "state/suppression_history.h"
#include "state/verdict.h"

namespace consentry::fuzz {
namespace {

// A trap, not an exception or exit(): libFuzzer and the sanitizers report it as a crash and
// save the input. The message says which invariant broke.
[[noreturn]] void Violated(const char* invariant) {
  std::fprintf(stderr, "state fuzz invariant violated: %s\n", invariant);
  __builtin_trap();
}

#define FUZZ_INVARIANT(cond)      \
  do {                            \
    if (!(cond)) Violated(#cond); \
  } while (0)

bool StrictlyOrdered(const ConsentLedger& ledger) {
  const auto& d = ledger.decisions();
  for (size_t i = 1; i < d.size(); ++i) {
    if (!(std::tie(d[i - 1].recorded_at, d[i - 1].event_id, d[i - 1].tenant) <
          std::tie(d[i].recorded_at, d[i].event_id, d[i].tenant))) {
      return false;
    }
  }
  return true;
}

// Event ids are unique per tenant: two tenants may reuse one id.
bool UniqueEventIds(const ConsentLedger& ledger) {
  std::set<std::pair<std::string_view, std::string_view>> ids;
  for (const ConsentEvent& d : ledger.decisions()) {
    if (!ids.insert({d.tenant.value(), d.event_id.value()}).second) return false;
  }
  return true;
}

// Probes are bounded so a history of hundreds of entries stays fast under the fuzzer.
constexpr size_t kMaxProbes = 16;

// `t` and the instant just before it, without overflowing at Timestamp::min().
void AddProbes(Timestamp t, std::vector<Timestamp>* probes) {
  probes->push_back(t);
  if (t > Timestamp::min()) probes->push_back(t - Duration(1));
}

auto SuppressionIdentity(const SuppressionEvent& e) {
  return std::tie(e.added_at, e.list, e.tenant);
}

// Written from the contract in suppression_history.h, not from the implementation.
bool ActiveByContract(const SuppressionEvent& e, const TenantId& tenant, Channel channel,
                      Timestamp at) {
  return e.added_at <= at && (!e.removed_at || at < *e.removed_at) &&
         (e.tenant.empty() || e.tenant == tenant) && (!e.channels || e.channels->Contains(channel));
}

void CheckActiveAt(const SuppressionHistory& history) {
  const auto& entries = history.entries();
  std::vector<Timestamp> probes;
  for (size_t i = 0; i < entries.size() && i < kMaxProbes; ++i) {
    AddProbes(entries[i].added_at, &probes);
    if (entries[i].removed_at) AddProbes(*entries[i].removed_at, &probes);
  }
  std::vector<TenantId> tenants = {TenantId("fuzz-tenant")};
  if (!entries.empty()) tenants.push_back(entries.front().tenant);
  for (Timestamp at : probes) {
    for (const TenantId& tenant : tenants) {
      for (Channel channel : {Channel::kEmail, Channel::kSms, Channel::kVoice}) {
        const std::vector<const SuppressionEvent*> active =
            history.ActiveAt(tenant, channel, at);
        size_t expected = 0;
        for (const SuppressionEvent& e : entries) {
          expected += ActiveByContract(e, tenant, channel, at) ? 1 : 0;
        }
        FUZZ_INVARIANT(active.size() == expected);
        for (const SuppressionEvent* e : active) {
          FUZZ_INVARIANT(ActiveByContract(*e, tenant, channel, at));
        }
      }
    }
  }
}

bool InForceByContract(const CampaignDeclaration& d, Timestamp at) {
  return (!d.valid_from || *d.valid_from <= at) && (!d.valid_to || at < *d.valid_to);
}

void CheckCampaignAt(const CampaignHistory& history) {
  const auto& versions = history.versions();
  std::vector<Timestamp> probes = {Timestamp::min(), Timestamp::max()};
  for (size_t i = 0; i < versions.size() && i < kMaxProbes; ++i) {
    if (versions[i].valid_from) AddProbes(*versions[i].valid_from, &probes);
    if (versions[i].valid_to) AddProbes(*versions[i].valid_to, &probes);
  }
  for (Timestamp at : probes) {
    // The contract, by brute force: the last-added version among those with the latest
    // valid_from at or before `at` decides; it is in force unless `at` >= its valid_to.
    const CampaignDeclaration* decides = nullptr;
    for (const CampaignDeclaration& v : versions) {
      const Timestamp from = v.valid_from.value_or(Timestamp::min());
      if (from > at) continue;
      if (decides == nullptr || from >= decides->valid_from.value_or(Timestamp::min())) {
        decides = &v;
      }
    }
    const CampaignDeclaration* expected =
        decides != nullptr && (!decides->valid_to || at < *decides->valid_to) ? decides : nullptr;
    const CampaignDeclaration* chosen = history.At(at);
    FUZZ_INVARIANT(chosen == expected);
    if (chosen != nullptr) FUZZ_INVARIANT(InForceByContract(*chosen, at));
  }
}

}  // namespace

bool CheckLedgerBytes(std::string_view bytes) {
  StatusOr<ConsentLedger> first = ConsentLedger::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  FUZZ_INVARIANT(StrictlyOrdered(*first));
  FUZZ_INVARIANT(UniqueEventIds(*first));

  // Not `encoded == bytes`: the input may spell a varint with redundant bytes, which decodes
  // fine and re-encodes shorter. The canonical encoding must be a fixed point.
  const std::string encoded = first->Encode();
  StatusOr<ConsentLedger> second = ConsentLedger::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->decisions().size() == first->decisions().size());
  FUZZ_INVARIANT(StrictlyOrdered(*second));
  FUZZ_INVARIANT(second->Encode() == encoded);

  // Insert must place every decision where Decode expects it, whatever the arrival order.
  ConsentLedger rebuilt;
  const auto& decisions = first->decisions();
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    FUZZ_INVARIANT(rebuilt.Insert(*it));
  }
  if (!decisions.empty()) FUZZ_INVARIANT(!rebuilt.Insert(decisions.front()));
  FUZZ_INVARIANT(rebuilt.Encode() == encoded);
  return true;
}

bool CheckCampaignBytes(std::string_view bytes) {
  StatusOr<CampaignDeclaration> first = DecodeCampaign(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  const std::string encoded = EncodeCampaign(*first);
  StatusOr<CampaignDeclaration> second = DecodeCampaign(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->campaign_id == first->campaign_id);
  FUZZ_INVARIANT(second->channels.has_value() == first->channels.has_value());
  FUZZ_INVARIANT(EncodeCampaign(*second) == encoded);
  return true;
}

bool CheckSuppressionHistoryBytes(std::string_view bytes) {
  StatusOr<SuppressionHistory> first = SuppressionHistory::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  const auto& entries = first->entries();
  for (size_t i = 1; i < entries.size(); ++i) {
    FUZZ_INVARIANT(SuppressionIdentity(entries[i - 1]) < SuppressionIdentity(entries[i]));
    FUZZ_INVARIANT(entries[i].subject == entries[0].subject);
  }
  FUZZ_INVARIANT(first->empty() == entries.empty());

  const std::string encoded = first->Encode();
  StatusOr<SuppressionHistory> second = SuppressionHistory::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->entries().size() == entries.size());
  FUZZ_INVARIANT(second->Encode() == encoded);

  // Apply must place every entry where Decode expects it, whatever the arrival order, and a
  // redelivered entry is a no-op.
  SuppressionHistory rebuilt;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    FUZZ_INVARIANT(rebuilt.Apply(*it));
  }
  if (!entries.empty()) FUZZ_INVARIANT(!rebuilt.Apply(entries.front()));
  FUZZ_INVARIANT(rebuilt.Encode() == encoded);

  CheckActiveAt(*first);
  return true;
}

bool CheckCampaignHistoryBytes(std::string_view bytes) {
  StatusOr<CampaignHistory> first = CampaignHistory::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  const auto& versions = first->versions();
  FUZZ_INVARIANT(first->empty() == versions.empty());

  // The single-declaration format re-encodes as a history, so compare from the first Encode.
  const std::string encoded = first->Encode();
  StatusOr<CampaignHistory> second = CampaignHistory::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->versions().size() == versions.size());
  FUZZ_INVARIANT(second->Encode() == encoded);
  for (size_t i = 0; i < versions.size(); ++i) {
    FUZZ_INVARIANT(EncodeCampaign(second->versions()[i]) == EncodeCampaign(versions[i]));
  }

  // Decode keeps repeated versions as stored. Add keeps one copy of each, moves a repeat to the
  // newest place, and refuses only a repeat of the newest.
  CampaignHistory rebuilt;
  std::set<std::string> seen;
  std::string newest;
  for (const CampaignDeclaration& v : versions) {
    const std::string e = EncodeCampaign(v);
    FUZZ_INVARIANT(rebuilt.Add(v) == (e != newest));
    seen.insert(e);
    newest = e;
    FUZZ_INVARIANT(EncodeCampaign(rebuilt.versions().back()) == e);
  }
  FUZZ_INVARIANT(rebuilt.versions().size() == seen.size());

  CheckCampaignAt(*first);
  return true;
}

// Below too, the fixed point starts at the first Encode(): varints may carry redundant bytes.
bool CheckVerdictBytes(std::string_view bytes) {
  StatusOr<Verdict> first = Verdict::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  const std::string encoded = first->Encode();
  StatusOr<Verdict> second = Verdict::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->fired == first->fired);
  FUZZ_INVARIANT(EncodeOutbound(second->message) == EncodeOutbound(first->message));
  FUZZ_INVARIANT(second->Encode() == encoded);
  return true;
}

bool CheckSeenMessageBytes(std::string_view bytes) {
  StatusOr<SeenMessage> first = SeenMessage::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  FUZZ_INVARIANT(first->known && !first->empty());
  const std::string encoded = first->Encode();
  StatusOr<SeenMessage> second = SeenMessage::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->digest == first->digest);
  FUZZ_INVARIANT(second->sent_at == first->sent_at);
  FUZZ_INVARIANT(second->Encode() == encoded);
  return true;
}

bool CheckStatsCellBytes(std::string_view bytes) {
  StatusOr<StatsCell> first = StatsCell::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  const std::string encoded = first->Encode();
  StatusOr<StatsCell> second = StatsCell::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->Encode() == encoded);
  return true;
}

bool CheckDelayHistogramBytes(std::string_view bytes) {
  StatusOr<DelayHistogram> first = DelayHistogram::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  const std::string encoded = first->Encode();
  StatusOr<DelayHistogram> second = DelayHistogram::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->count() == first->count());
  FUZZ_INVARIANT(second->total() == first->total());
  FUZZ_INVARIANT(second->max() == first->max());
  FUZZ_INVARIANT(second->buckets() == first->buckets());
  FUZZ_INVARIANT(second->Encode() == encoded);
  return true;
}

bool CheckFrequencyWindowBytes(std::string_view bytes) {
  StatusOr<FrequencyWindow> first = FrequencyWindow::Decode(bytes);
  if (!first.ok()) {
    FUZZ_INVARIANT(first.status().code() == StatusCode::kDataLoss);
    return false;
  }
  // The encoding is canonical up to varint padding (a value written in more bytes than it
  // needs decodes the same): re-encoding gives a fixed point.
  const std::string encoded = first->Encode();
  StatusOr<FrequencyWindow> second = FrequencyWindow::Decode(encoded);
  FUZZ_INVARIANT(second.ok());
  FUZZ_INVARIANT(second->buckets() == first->buckets());
  FUZZ_INVARIANT(second->Encode() == encoded);
  FrequencyWindow rebuilt;
  int64_t total = 0;
  const auto& buckets = first->buckets();
  for (auto it = buckets.rbegin(); it != buckets.rend(); ++it) {
    FUZZ_INVARIANT(it->second >= 1 && it->second <= FrequencyWindow::kMaxCount);
    rebuilt.Add(it->first.start(), TenantId(it->first.tenant), it->first.channel,
                it->first.purpose, it->second);
    total += it->second;
  }
  FUZZ_INVARIANT(rebuilt == *first);
  FUZZ_INVARIANT(rebuilt.Encode() == encoded);
  const auto all = [](const FrequencyBucket&) { return true; };
  const Timestamp before_all = FromMicros(-FrequencyWindow::kMaxSecond * 1'000'000 - 1'000'000);
  const Timestamp after_all = FromMicros(FrequencyWindow::kMaxSecond * 1'000'000);
  FUZZ_INVARIANT(first->Count(all, before_all, after_all) == total);
  if (!first->empty()) {
    const int64_t newest = buckets.rbegin()->first.second;
    size_t newest_buckets = 0;
    for (const auto& [bucket, n] : buckets) newest_buckets += bucket.second == newest ? 1 : 0;
    FrequencyWindow trimmed = *first;
    trimmed.DropBefore(first->newest());
    FUZZ_INVARIANT(trimmed.buckets().size() == newest_buckets);
  }
  return true;
}

bool CheckChangelogRecordBytes(std::string_view bytes) {
  constexpr int32_t kPartitions = 8;
  if (bytes.size() < 2) return false;
  const int32_t partition = static_cast<uint8_t>(bytes[0]) & 7;
  const bool tombstone_flag = (static_cast<uint8_t>(bytes[0]) & 0x80) != 0;
  const size_t key_size = std::min<size_t>(static_cast<uint8_t>(bytes[1]), bytes.size() - 2);
  const std::string_view key = bytes.substr(2, key_size);
  const std::string value(bytes.substr(2 + key_size));
  const bool tombstone = tombstone_flag && value.empty();
  StoreBatch out;
  const Status s = ApplyChangelogRecord(key, tombstone ? nullptr : &value, partition, kPartitions,
                                        out);
  if (!s.ok()) {
    FUZZ_INVARIANT(s.code() == StatusCode::kDataLoss);
    FUZZ_INVARIANT(out.empty());
    return false;
  }
  FUZZ_INVARIANT(out.size() == 1);
  StatusOr<KeyOwner> owner = OwnerOf(key.substr(1));
  FUZZ_INVARIANT(owner.ok());
  FUZZ_INVARIANT(owner->kind != KeyOwner::Kind::kInstance);
  FUZZ_INVARIANT(owner->kind == KeyOwner::Kind::kPartition
                     ? owner->partition == partition
                     : KafkaPartition(owner->subject, kPartitions) == partition);
  return true;
}

}  // namespace consentry::fuzz
