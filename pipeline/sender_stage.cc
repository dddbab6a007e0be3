#include "pipeline/sender_stage.h"

#include <algorithm>
#include <chrono>
#include <span>
#include <utility>

#include "pipeline/alert_builder.h"
#include "state/codec.h"
#include "state/event_codec.h"
#include "state/keys.h"

namespace consentry {
namespace {

using std::chrono::minutes;

// The stage's own entries (owner "" in SenderStateKey).
constexpr std::string_view kStageOwner = "";
constexpr std::string_view kMarksKey = "marks";
constexpr char kSeenPrefix = 's';
constexpr uint8_t kEntryVersion = 1;

int64_t MinuteOf(Timestamp t) {
  return std::chrono::floor<minutes>(t).time_since_epoch().count();
}
Timestamp MinuteEnd(int64_t minute) {
  return Timestamp(std::chrono::duration_cast<Duration>(minutes(minute + 1)));
}

// The hashes first counted in one minute are stored in entries of at most kHashesPerEntry each,
// appended as batches count them ('s', minute, entry number): a batch writes only what it added,
// and no entry nears Kafka's record limit in the changelog however busy the minute.
constexpr size_t kHashesPerEntry = 8192;

std::string SeenKey(int64_t minute, uint32_t entry) {
  std::string key(1, kSeenPrefix);
  ByteWriter w(&key);
  w.PutFixed64BE(OrderedFromSigned64(minute));
  w.PutFixed32BE(entry);
  return key;
}
// Before the entries were numbered, a minute was one entry rewritten whole ('s', minute): still
// read, and deleted with the minute.
std::string LegacySeenKey(int64_t minute) {
  std::string key(1, kSeenPrefix);
  ByteWriter(&key).PutFixed64BE(OrderedFromSigned64(minute));
  return key;
}
// Either form; `entry` is nullopt for the legacy one.
bool ParseSeenKey(std::string_view key, int64_t* minute, std::optional<uint32_t>* entry) {
  if ((key.size() != 13 && key.size() != 9) || key[0] != kSeenPrefix) return false;
  ByteReader r(key.substr(1));
  uint64_t ordered = 0;
  uint32_t number = 0;
  if (!r.ReadFixed64BE(&ordered) || (key.size() == 13 && !r.ReadFixed32BE(&number))) return false;
  *minute = SignedFromOrdered64(ordered);
  *entry = key.size() == 13 ? std::optional<uint32_t>(number) : std::nullopt;
  return true;
}

// Every stored entry starts with its expiry (8 bytes big-endian, microseconds, sign-flipped) so
// the compaction filter of family sketches can drop an abandoned one without knowing its owner.
std::string WithExpiry(Timestamp expires_at, std::string_view value) {
  std::string out;
  out.reserve(8 + value.size());
  ByteWriter(&out).PutFixed64BE(OrderedFromSigned64(ToMicros(expires_at)));
  out.append(value);
  return out;
}

}  // namespace

// What one by-sender partition holds besides its detectors' entries.
struct SenderStage::Partition {
  std::map<int32_t, Timestamp> sources;  // the latest watermark each subject partition reported
  Timestamp closed = Timestamp::min();   // the stage watermark of the last decision
  // The hashes of the messages and feedback counted in one minute of event time, kept until
  // the minute is closed.
  struct Minute {
    std::unordered_set<uint64_t> hashes;
    std::vector<uint64_t> added;  // counted since the last write
    uint32_t entries = 0;         // stored entries 0..entries-1
    bool legacy = false;          // a legacy entry is stored too
  };
  std::map<int64_t, Minute> seen;
  bool marks_dirty = false;

  Timestamp Watermark(int32_t source_count) const {
    if (static_cast<int32_t>(sources.size()) < source_count) return Timestamp::min();
    Timestamp lowest = Timestamp::max();
    for (const auto& [source, at] : sources) lowest = std::min(lowest, at);
    return lowest;
  }

  std::string EncodeMarks() const {
    std::string out;
    ByteWriter w(&out);
    w.PutU8(kEntryVersion);
    wire::PutTimestamp(w, closed);
    w.PutVarint64(sources.size());
    for (const auto& [source, at] : sources) {
      w.PutVarint64(static_cast<uint64_t>(source));
      wire::PutTimestamp(w, at);
    }
    return out;
  }
  bool DecodeMarks(std::string_view bytes) {
    ByteReader r(bytes);
    uint8_t version = 0;
    uint64_t n = 0;
    if (!r.ReadU8(&version) || version != kEntryVersion || !wire::ReadTimestamp(r, &closed) ||
        !r.ReadCount(&n)) {
      return false;
    }
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t source = 0;
      Timestamp at;
      if (!r.ReadVarint64(&source) || source > INT32_MAX || !wire::ReadTimestamp(r, &at)) {
        return false;
      }
      sources[static_cast<int32_t>(source)] = at;
    }
    return r.ok() && r.empty();
  }

  static std::string EncodeSeen(std::span<const uint64_t> hashes) {
    std::string out;
    ByteWriter w(&out);
    w.PutU8(kEntryVersion);
    w.PutVarint64(hashes.size());
    for (uint64_t h : hashes) w.PutFixed64BE(h);
    return out;
  }
  static bool DecodeSeen(std::string_view bytes, std::unordered_set<uint64_t>* hashes) {
    ByteReader r(bytes);
    uint8_t version = 0;
    uint64_t n = 0;
    if (!r.ReadU8(&version) || version != kEntryVersion || !r.ReadCount(&n)) return false;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t h = 0;
      if (!r.ReadFixed64BE(&h)) return false;
      hashes->insert(h);
    }
    return r.ok() && r.empty();
  }

  // True the first time `hash` is seen at `at`.
  bool FirstTime(Timestamp at, uint64_t hash) {
    Minute& minute = seen[MinuteOf(at)];
    if (!minute.hashes.insert(hash).second) return false;
    minute.added.push_back(hash);
    return true;
  }
};

struct SenderStage::Batch {
  std::map<TopicPartition, int64_t> next_offsets;
  std::vector<DlqEntry> dlq;
};

SenderStageStats& SenderStageStats::operator+=(const SenderStageStats& o) {
  records += o.records;
  messages += o.messages;
  feedback += o.feedback;
  watermarks += o.watermarks;
  repeats += o.repeats;
  late += o.late;
  malformed += o.malformed;
  alerts += o.alerts;
  for (const auto& [detector, n] : o.alerts_by_detector) alerts_by_detector[detector] += n;
  return *this;
}

void AddSenderStats(std::optional<SenderStageStats>& to,
                    const std::optional<SenderStageStats>& from) {
  if (!from) return;
  if (to) {
    *to += *from;
  } else {
    to = from;
  }
}

SenderStage::SenderStage(Store& store, std::vector<std::unique_ptr<SenderDetector>> detectors,
                         Sink& sink, const Clock& clock, SenderStageOptions options)
    : store_(store),
      detectors_(std::move(detectors)),
      sink_(sink),
      clock_(clock),
      options_(std::move(options)) {}

SenderStage::~SenderStage() = default;

StatusOr<std::map<TopicPartition, std::optional<int64_t>>> SenderStage::Assign(
    const std::vector<TopicPartition>& partitions) {
  std::map<TopicPartition, std::optional<int64_t>> starts;
  for (const auto& [topic, partition] : partitions) {
    CONSENTRY_ASSIGN_OR_RETURN(starts[TopicPartition(topic, partition)],
                               store_.ReadInputOffset(topic, partition));
    if (!partitions_.contains(partition)) CONSENTRY_RETURN_IF_ERROR(Restore(partition));
  }
  return starts;
}

Status SenderStage::Restore(int32_t partition) {
  Partition state;
  std::map<std::string, SenderDetector*, std::less<>> owners;
  for (const auto& d : detectors_) owners[std::string(d->Name())] = d.get();
  Status failure;
  Status scan = store_.ScanPrefix(
      Family::kSketches, SenderStatePrefix(partition),
      [&](std::string_view key, std::string_view stored) {
        auto parts = ParseSenderStateKey(key);
        ByteReader r(stored);
        uint64_t expiry = 0;
        std::string_view value;
        if (!parts.ok() || !r.ReadFixed64BE(&expiry) || !r.ReadRaw(r.remaining(), &value)) {
          failure = DataLoss("sender state: a malformed entry in family sketches");
          return false;
        }
        if (parts->owner == kStageOwner) {
          bool ok = false;
          std::optional<uint32_t> entry;
          if (parts->key == kMarksKey) {
            ok = state.DecodeMarks(value);
          } else if (int64_t minute = 0; ParseSeenKey(parts->key, &minute, &entry)) {
            Partition::Minute& seen = state.seen[minute];
            if (entry) {
              seen.entries = std::max(seen.entries, *entry + 1);
            } else {
              seen.legacy = true;
            }
            ok = Partition::DecodeSeen(value, &seen.hashes);
          }
          if (!ok) failure = DataLoss("sender state: a malformed stage entry " + parts->key);
          return ok;
        }
        // Entries of a detector that is no longer enabled stay until they expire.
        if (auto it = owners.find(parts->owner); it != owners.end()) {
          failure = it->second->Restore(partition, parts->key, value);
          return failure.ok();
        }
        return true;
      });
  CONSENTRY_RETURN_IF_ERROR(scan);
  CONSENTRY_RETURN_IF_ERROR(failure);
  partitions_[partition] = std::move(state);
  return Status::Ok();
}

void SenderStage::Revoke(const std::vector<TopicPartition>& partitions) {
  for (const auto& [topic, partition] : partitions) {
    partitions_.erase(partition);
    for (const auto& d : detectors_) d->Forget(partition);
  }
}

Timestamp SenderStage::watermark() const {
  if (partitions_.empty()) return Timestamp::min();
  Timestamp lowest = Timestamp::max();
  for (const auto& [partition, state] : partitions_) {
    lowest = std::min(lowest, state.Watermark(options_.sources));
  }
  return lowest;
}

void SenderStage::Apply(int32_t partition, const SenderRecordBody& body) {
  Partition& state = partitions_[partition];
  std::visit(
      [&](const auto& record) {
        using T = std::decay_t<decltype(record)>;
        if constexpr (std::is_same_v<T, SenderWatermark>) {
          ++stats_.watermarks;
          Timestamp& at = state.sources.try_emplace(record.source, Timestamp::min()).first->second;
          if (record.at > at) {
            at = record.at;
            state.marks_dirty = true;
          }
        } else {
          constexpr bool kMessage = std::is_same_v<T, SenderMessage>;
          const Timestamp at = [&] {
            if constexpr (kMessage) return record.sent_at; else return record.at;
          }();
          const uint64_t hash = [&] {
            if constexpr (kMessage) return record.message_hash; else return record.feedback_hash;
          }();
          if (at < state.closed) {
            ++stats_.late;
          } else if (!state.FirstTime(at, hash)) {
            ++stats_.repeats;
          } else {
            ++(kMessage ? stats_.messages : stats_.feedback);
            latest_input_ = std::max(latest_input_, at);
            for (const auto& d : detectors_) d->Add(partition, record);
          }
        }
      },
      body);
}

Status SenderStage::Usable() const {
  if (failed_.ok()) return Status::Ok();
  return FailedPrecondition("this sender stage failed a batch (" + failed_.ToString() +
                            "); rebuild it from the store");
}

Status SenderStage::Finish(Batch& batch) {
  Status s = FinishLoaded(batch);
  if (!s.ok()) failed_ = s;
  return s;
}

StatusOr<std::map<TopicPartition, int64_t>> SenderStage::Process(
    const std::vector<InputRecord>& records) {
  CONSENTRY_RETURN_IF_ERROR(Usable());
  Batch batch;
  for (const auto& record : records) {
    ++stats_.records;
    batch.next_offsets[{record.topic, record.partition}] = record.offset + 1;
    auto body = DecodeSenderRecord(record.value);
    if (!body.ok()) {
      ++stats_.malformed;
      batch.dlq.push_back(DlqEntry{std::string(dlq_code::kBadSenderRecord),
                                   body.status().message(), record.topic, record.partition,
                                   record.offset, record.value, clock_.Now()});
      continue;
    }
    Apply(record.partition, *body);
  }
  CONSENTRY_RETURN_IF_ERROR(Finish(batch));
  return std::move(batch.next_offsets);
}

Status SenderStage::ProcessLocal(std::vector<SenderRecord> records) {
  CONSENTRY_RETURN_IF_ERROR(Usable());
  Batch batch;
  for (auto& record : records) {
    ++stats_.records;
    if (!partitions_.contains(record.partition)) {
      CONSENTRY_RETURN_IF_ERROR(Restore(record.partition));
    }
    Apply(record.partition, record.body);
  }
  return Finish(batch);
}

Status SenderStage::CountInReport(const std::map<StatsCellKey, std::vector<std::string>>& counted,
                                  StoreBatch& writes) {
  for (const auto& [key, detectors] : counted) {
    const std::string state_key = StatsCellStateKey(key);
    std::optional<std::string> stored;
    CONSENTRY_RETURN_IF_ERROR(store_.Get(Family::kWindows, state_key, &stored));
    StatsRecord record{.key = key};
    if (stored) {
      CONSENTRY_ASSIGN_OR_RETURN(record.cell, StatsCell::Decode(*stored));
    }
    for (const std::string& detector : detectors) record.cell.AddViolation(detector);
    writes.Put(Family::kWindows, state_key, record.cell.Encode());
    CONSENTRY_RETURN_IF_ERROR(sink_.Emit(record));
  }
  return Status::Ok();
}

Status SenderStage::FinishLoaded(Batch& batch) {
  const Timestamp now = clock_.Now();
  for (const auto& entry : batch.dlq) CONSENTRY_RETURN_IF_ERROR(sink_.Emit(entry));

  // 1. Decide what the stage watermark allows, in window order (the detectors keep the order).
  const Timestamp mark = watermark();
  std::vector<SenderFinding> findings;
  Timestamp closed = Timestamp::max();
  for (const auto& [partition, state] : partitions_) closed = std::min(closed, state.closed);
  if (!partitions_.empty() && mark > closed) {
    for (const auto& d : detectors_) d->Close(mark, findings);
    for (auto& [partition, state] : partitions_) {
      state.closed = mark;
      state.marks_dirty = true;
    }
  }
  std::map<StatsCellKey, std::vector<std::string>> counted;  // report aggregates
  for (auto& finding : findings) {
    Alert alert = BuildWindowAlert(std::move(finding), now);
    ++stats_.alerts;
    ++stats_.alerts_by_detector[alert.detector];
    CONSENTRY_RETURN_IF_ERROR(sink_.Emit(alert));
    // The report counts a sender-level alert in this instance's cell of its lowest partition
    // (the cell moves with that partition), with no channel, purpose or jurisdiction.
    counted[{.partition = partitions_.begin()->first,
             .day = DayOf(*alert.window_start),
             .tenant = alert.tenant}]
        .push_back(alert.detector);
  }

  // 2. State and offsets in one WriteBatch, written once the sink committed the alerts (with
  // the changelog of these writes, exactly once).
  StoreBatch writes;
  CONSENTRY_RETURN_IF_ERROR(CountInReport(counted, writes));
  std::vector<SenderStateChange> changes;
  for (const auto& d : detectors_) {
    changes.clear();
    d->TakeChanges(changes);
    for (const auto& change : changes) {
      const std::string key = SenderStateKey(change.partition, d->Name(), change.key);
      if (change.value) {
        writes.Put(Family::kSketches, key, WithExpiry(change.expires_at, *change.value));
      } else {
        writes.Delete(Family::kSketches, key);
      }
    }
  }
  for (auto& [partition, state] : partitions_) {
    // Minutes the watermark passed: a repeat there is late anyway.
    for (auto it = state.seen.begin(); it != state.seen.end() && MinuteEnd(it->first) <= state.closed;) {
      for (uint32_t entry = 0; entry < it->second.entries; ++entry) {
        writes.Delete(Family::kSketches,
                      SenderStateKey(partition, kStageOwner, SeenKey(it->first, entry)));
      }
      if (it->second.legacy) {
        writes.Delete(Family::kSketches,
                      SenderStateKey(partition, kStageOwner, LegacySeenKey(it->first)));
      }
      it = state.seen.erase(it);
    }
    for (auto& [minute, seen] : state.seen) {
      const std::span<const uint64_t> added(seen.added);
      for (size_t from = 0; from < added.size(); from += kHashesPerEntry) {
        writes.Put(Family::kSketches,
                   SenderStateKey(partition, kStageOwner, SeenKey(minute, seen.entries++)),
                   WithExpiry(MinuteEnd(minute),
                              Partition::EncodeSeen(added.subspan(
                                  from, std::min(kHashesPerEntry, added.size() - from)))));
      }
      seen.added.clear();
    }
    if (state.marks_dirty) {
      writes.Put(Family::kSketches, SenderStateKey(partition, kStageOwner, kMarksKey),
                 WithExpiry(Timestamp::max(), state.EncodeMarks()));
      state.marks_dirty = false;
    }
  }
  for (const auto& [tp, next] : batch.next_offsets) {
    writes.PutInputOffset(tp.first, tp.second, next);
  }
  CONSENTRY_RETURN_IF_ERROR(sink_.Commit(writes, batch.next_offsets));
  if (writes.empty()) return Status::Ok();
  return store_.Write(writes);
}

}  // namespace consentry
