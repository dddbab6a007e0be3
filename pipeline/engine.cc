#include "pipeline/engine.h"

#include <algorithm>

#include "alerts/alert.h"
#include "state/keys.h"
#include "state/overlay.h"

namespace consentry {

struct Engine::Held {
  OutboundEvent event;
  bool persisted = false;  // its key and raw record are in RocksDB's `pending` family
};

// Everything one call of Run() works on.
struct Engine::Batch {
  std::vector<ConsentEvent> consent;
  std::vector<CampaignDeclaration> campaigns;
  std::vector<DlqEntry> dlq;  // raw bytes point into the batch's records
  std::map<TopicPartition, int64_t> next_offsets;
  // Messages that arrived in this batch, with their raw record: written to the `pending`
  // family only if still held when the batch ends.
  struct Added {
    int32_t partition;
    std::pair<Timestamp, std::string> key;
    const std::string* raw;
  };
  std::vector<Added> added;
};

Engine::Engine(Store& store, std::vector<std::unique_ptr<Detector>> detectors, Sink& sink,
               const Clock& clock, EngineOptions options)
    : store_(store),
      detectors_(std::move(detectors)),
      sink_(sink),
      clock_(clock),
      options_(std::move(options)),
      watermarks_(options_.replay ? 1 : 2, options_.allowed_lateness,
                  options_.replay ? std::nullopt : std::optional<Duration>(options_.idle_timeout)) {}

Engine::~Engine() = default;

size_t Engine::held() const {
  size_t n = 0;
  for (const auto& [_, m] : held_) n += m.size();
  return n;
}

StatusOr<std::map<TopicPartition, std::optional<int64_t>>> Engine::Assign(
    const std::vector<TopicPartition>& partitions) {
  std::map<TopicPartition, std::optional<int64_t>> starts;
  const Timestamp now = clock_.Now();
  for (const auto& [topic, partition] : partitions) {
    overlay_.Clear();  // the cache only ever holds partitions this engine owns
    CONSENTRY_ASSIGN_OR_RETURN(auto next_offset, store_.ReadInputOffset(topic, partition));
    starts[TopicPartition(topic, partition)] = next_offset;
    if (held_.contains(partition)) continue;
    watermarks_.Track(partition, now);
    auto& held = held_[partition];
    Status decode_status;
    CONSENTRY_RETURN_IF_ERROR(store_.ScanPrefix(
        Family::kPending, PendingPrefix(partition), [&](std::string_view, std::string_view raw) {
          auto decoded = decoder_.Decode(raw, kOutboundSchema);
          if (auto* error = std::get_if<DecodeError>(&decoded)) {
            decode_status = DataLoss("held message in partition " + std::to_string(partition) +
                                     " no longer decodes: " + error->message);
            return false;
          }
          auto& event = std::get<OutboundEvent>(std::get<Event>(decoded));
          auto key = std::make_pair(event.sent_at, event.event_id.value());
          held.emplace(std::move(key), Held{std::move(event), true});
          return true;
        }));
    CONSENTRY_RETURN_IF_ERROR(decode_status);
    // The outbound stream had reached at least its latest held message; without this a restart
    // with no new input could never release what it held.
    if (!held.empty()) {
      watermarks_.Observe(static_cast<int>(Stream::kOutbound), partition,
                          held.rbegin()->first.first, now);
    }
  }
  return starts;
}

void Engine::Revoke(const std::vector<TopicPartition>& partitions) {
  overlay_.Clear();
  for (const auto& [topic, partition] : partitions) {
    held_.erase(partition);
    watermarks_.Forget(partition);
  }
}

void Engine::Decode(const kafka::Record& record, Batch& batch) {
  ++stats_.records;
  batch.next_offsets[{record.topic, record.partition}] = record.offset + 1;
  std::string_view expected;
  if (record.topic == options_.outbound_topic) expected = kOutboundSchema;
  else if (record.topic == options_.consent_topic) expected = kConsentSchema;
  else if (record.topic == options_.campaigns_topic) expected = kCampaignSchema;

  auto decoded = decoder_.Decode(record.value, expected);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    ++stats_.dlq;
    ++stats_.dlq_by_reason[error->code];
    batch.dlq.push_back(DlqEntry{error->code, error->message, record.topic, record.partition,
                                 record.offset, record.value, clock_.Now()});
    return;
  }
  const Timestamp now = clock_.Now();
  const auto stream = [&](Stream s) { return options_.replay ? 0 : static_cast<int>(s); };
  Event& event = std::get<Event>(decoded);
  if (auto* message = std::get_if<OutboundEvent>(&event)) {
    ++stats_.outbound;
    watermarks_.Observe(stream(Stream::kOutbound), record.partition, message->sent_at, now);
    auto key = std::make_pair(message->sent_at, message->event_id.value());
    batch.added.push_back({record.partition, key, &record.value});
    // A redelivered message (same event id and time) keeps its first copy.
    held_[record.partition].try_emplace(std::move(key), Held{std::move(*message), false});
  } else if (auto* decision = std::get_if<ConsentEvent>(&event)) {
    ++stats_.consent;
    watermarks_.Observe(stream(Stream::kConsent), record.partition, decision->recorded_at, now);
    batch.consent.push_back(std::move(*decision));
  } else {
    ++stats_.campaigns;
    batch.campaigns.push_back(std::move(std::get<CampaignDeclaration>(event)));
  }
}

StatusOr<std::map<TopicPartition, int64_t>> Engine::Process(
    const std::vector<kafka::Record>& records) {
  Batch batch;
  for (const auto& record : records) Decode(record, batch);
  CONSENTRY_RETURN_IF_ERROR(Run(batch, /*release_all=*/false));
  return std::move(batch.next_offsets);
}

void Engine::CaughtUp(const std::vector<TopicPartition>& partitions) {
  const Timestamp now = clock_.Now();
  for (const auto& [topic, partition] : partitions) {
    if (topic == options_.outbound_topic) {
      watermarks_.CaughtUp(static_cast<int>(Stream::kOutbound), partition, now);
    } else if (topic == options_.consent_topic) {
      watermarks_.CaughtUp(static_cast<int>(Stream::kConsent), partition, now);
    }
  }
}

Status Engine::Tick() {
  Batch batch;
  return Run(batch, /*release_all=*/false);
}

Status Engine::ReleaseAll() {
  Batch batch;
  return Run(batch, /*release_all=*/true);
}

Status Engine::Run(Batch& batch, bool release_all) {
  // 1. Which held messages may be judged now.
  const Timestamp now = clock_.Now();
  std::vector<Due> due;
  for (auto& [partition, held] : held_) {
    const Timestamp watermark = release_all ? Timestamp::max() : watermarks_.For(partition, now);
    for (auto it = held.begin(); it != held.end() && it->first.first <= watermark; ++it) {
      due.emplace_back(partition, it);
    }
  }
  if (due.empty() && batch.consent.empty() && batch.campaigns.empty() && batch.dlq.empty() &&
      batch.added.empty() && batch.next_offsets.empty()) {
    return Status::Ok();
  }

  Status status = RunLoaded(batch, due);
  // A failed batch may have left changes in the cache that never reached RocksDB.
  if (!status.ok() || overlay_.loaded_subjects() > options_.cached_subjects) overlay_.Clear();
  return status;
}

Status Engine::RunLoaded(Batch& batch, const std::vector<Due>& due) {
  // 2. Load every key this batch touches with one MultiGet per column family.
  for (const auto& decision : batch.consent) overlay_.WantSubject(decision.subject);
  for (const auto& campaign : batch.campaigns) overlay_.WantCampaign(campaign.campaign_id);
  for (const auto& [_, it] : due) {
    overlay_.WantSubject(it->second.event.subject);
    if (!it->second.event.campaign_id.empty()) overlay_.WantCampaign(it->second.event.campaign_id);
  }
  CONSENTRY_RETURN_IF_ERROR(overlay_.Load(store_));

  // 3. State changes first: a decision made before a message counts whatever order they came in.
  for (auto& decision : batch.consent) {
    const SubjectId subject = decision.subject;
    overlay_.MutableLedger(subject).Insert(std::move(decision));
  }
  for (auto& campaign : batch.campaigns) overlay_.PutCampaign(std::move(campaign));

  // 4. Judge the due messages, in (partition, sent_at) order.
  StoreBatch writes;
  for (const auto& [partition, it] : due) {
    CONSENTRY_RETURN_IF_ERROR(Judge(it->second.event, overlay_));
    if (it->second.persisted) {
      writes.Delete(Family::kPending, PendingKey(partition, it->first.first, it->second.event.event_id));
    }
  }
  for (const auto& entry : batch.dlq) CONSENTRY_RETURN_IF_ERROR(sink_.Emit(entry));
  for (const auto& [partition, it] : due) held_[partition].erase(it);

  // 5. Messages still held are persisted with the offsets that passed them.
  for (const auto& [partition, key, raw] : batch.added) {
    auto& held = held_[partition];
    auto it = held.find(key);
    if (it == held.end() || it->second.persisted) continue;
    writes.Put(Family::kPending, PendingKey(partition, key.first, it->second.event.event_id), *raw);
    it->second.persisted = true;
  }

  // 6. Alerts and DLQ records durable first, then state and offsets in one WriteBatch.
  CONSENTRY_RETURN_IF_ERROR(sink_.Flush());
  overlay_.Flush(writes);
  for (const auto& [tp, next] : batch.next_offsets) writes.PutInputOffset(tp.first, tp.second, next);
  if (!writes.empty()) CONSENTRY_RETURN_IF_ERROR(store_.Write(writes));
  return Status::Ok();
}

Status Engine::Judge(const OutboundEvent& message, const StateView& state) {
  ++stats_.judged;
  std::vector<Finding> findings;
  for (const auto& detector : detectors_) detector->Evaluate(message, state, findings);
  const Timestamp now = clock_.Now();
  for (auto& finding : findings) {
    Alert alert;
    alert.alert_id = MakeAlertId(finding.detector, finding.rule_version, message.event_id);
    alert.detector = std::move(finding.detector);
    alert.rule_version = std::move(finding.rule_version);
    alert.severity = std::string(Name(finding.severity));
    alert.event_id = message.event_id;
    alert.event_time = message.sent_at;
    alert.detected_at = now;
    alert.tenant = message.tenant;
    alert.subject = message.subject;
    alert.channel = std::string(Name(message.channel));
    alert.purpose = message.purpose;
    alert.campaign_id = message.campaign_id;
    alert.sender_id = message.sender_id;
    alert.jurisdiction = message.jurisdiction;
    alert.reason = std::move(finding.reason);
    alert.evidence_json = std::move(finding.evidence_json);
    alert.incident_key =
        MakeIncidentKey(alert.detector, message.tenant, message.campaign_id, message.sender_id);
    ++stats_.alerts;
    ++stats_.alerts_by_detector[alert.detector];
    CONSENTRY_RETURN_IF_ERROR(sink_.Emit(alert));
  }
  return Status::Ok();
}

}  // namespace consentry
