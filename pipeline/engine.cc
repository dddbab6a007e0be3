#include "pipeline/engine.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/log.h"
#include "core/partitioner.h"
#include "detectors/withdrawal_timing.h"
#include "pipeline/alert_builder.h"
#include "pipeline/message_digest.h"
#include "pipeline/state_updates.h"

namespace consentry {

// Everything one call of Run() works on. Raw bytes point into the caller's records.
struct Engine::Batch {
  struct Arrival {
    int32_t partition;
    OutboundEvent message;
    const InputRecord* record;
    // frequency.cap: sent at or before a message already judged in its partition, so it adds to
    // the windows of the subject's later messages: they are judged again from `correct_from`.
    bool late = false;
    Timestamp correct_from;
  };
  struct Update {
    Event event;
    const InputRecord* record;
    // Arrived after a message at or after its event time was judged in its partition: the
    // subject's verdicts on messages sent from `correct_from` on are judged again (the event
    // time, or the horizon's start at arrival if that is later).
    bool late = false;
    Timestamp correct_from;
  };
  std::vector<Arrival> arrivals;  // outbound messages, in arrival order
  std::vector<Update> updates;    // every other input, in arrival order
  std::vector<DlqEntry> dlq;
  std::map<TopicPartition, int64_t> next_offsets;
  Status failure;  // the batch must not be processed (a refused input)
  Timestamp received_at;  // when Process was called: the records' arrival, one clock read

  bool empty() const {
    return arrivals.empty() && updates.empty() && dlq.empty() && next_offsets.empty();
  }
};

EngineStats& EngineStats::operator+=(const EngineStats& o) {
  records += o.records;
  outbound += o.outbound;
  consent += o.consent;
  campaigns += o.campaigns;
  feedback += o.feedback;
  suppression += o.suppression;
  dlq += o.dlq;
  judged += o.judged;
  alerts += o.alerts;
  redeliveries += o.redeliveries;
  late_inputs += o.late_inputs;
  retractions += o.retractions;
  late_alerts += o.late_alerts;
  inside_window += o.inside_window;
  misrouted += o.misrouted;
  for (const auto& [detector, n] : o.alerts_by_detector) alerts_by_detector[detector] += n;
  for (const auto& [reason, n] : o.dlq_by_reason) dlq_by_reason[reason] += n;
  verdict_delay += o.verdict_delay;
  return *this;
}

Engine::Engine(Store& store, std::vector<std::unique_ptr<Detector>> detectors, Sink& sink,
               const Clock& clock, EngineOptions options)
    : store_(store),
      detectors_(std::move(detectors)),
      sink_(sink),
      clock_(clock),
      options_(std::move(options)),
      inputs_(options_.topics),
      replay_now_(options_.replay_now.value_or(clock.Now())),
      watermarks_(options_.replay ? 1 : InputTable::kStreams, options_.allowed_lateness,
                  options_.replay ? std::nullopt : std::optional<Duration>(options_.idle_timeout)),
      floor_(store.ExpiryFloorOf(options_.engine)),
      verdicts_(store, options_.correction_horizon) {
  NoteDetectors();
}

void Engine::NoteDetectors() {
  needs_ = StateNeed::kNone;
  for (const auto& detector : detectors_) needs_ = needs_ | detector->Needs();
  // frequency.cap: how far back the windows family keeps buckets (state/windows_filter.h). The
  // detectors share options_.env's policies; without one, the longest window any cap may have.
  if (Has(needs_, StateNeed::kFrequency)) {
    store_.SetLongestFrequencyWindow(options_.env != nullptr
                                         ? options_.env->policies.LongestFrequencyWindow()
                                         : FrequencyCap::kMaxWindow);
  }
}

void Engine::Reconfigure(std::vector<std::unique_ptr<Detector>> detectors, const DetectorEnv* env) {
  detectors_ = std::move(detectors);
  options_.env = env;
  overlay_.Clear();
  NoteDetectors();
}

Engine::~Engine() = default;

StatusOr<std::map<TopicPartition, std::optional<int64_t>>> Engine::Assign(
    const std::vector<TopicPartition>& partitions) {
  std::map<TopicPartition, std::optional<int64_t>> starts;
  const Timestamp now = clock_.Now();
  overlay_.Clear();  // the cache only ever holds partitions this engine owns
  // A partition that arrived moved this engine's floor back (Store::ResetExpiryFloor).
  floor_ = store_.ExpiryFloorOf(options_.engine);
  for (const auto& [topic, partition] : partitions) {
    CONSENTRY_ASSIGN_OR_RETURN(auto next_offset, store_.ReadInputOffset(topic, partition));
    starts[TopicPartition(topic, partition)] = next_offset;
    if (options_.replay) {
      watermarks_.Track(partition, now);
    } else if (const InputSpec* spec = inputs_.ForTopic(topic); spec && spec->stream >= 0) {
      watermarks_.TrackStream(spec->stream, partition, now);
    }
    // How far verdicts had gone, so an input that arrives late right after a restart is still
    // known to be late.
    if (!judged_through_.contains(partition)) {
      CONSENTRY_ASSIGN_OR_RETURN(const std::optional<Timestamp> judged,
                                 store_.ReadJudgedThrough(partition));
      if (judged) judged_through_[partition] = *judged;
    }
    CONSENTRY_ASSIGN_OR_RETURN(const std::optional<Timestamp> latest,
                               held_.Restore(store_, decoder_, partition));
    // The outbound stream had reached at least its latest held message; without this a restart
    // with no new input could never release what it held.
    if (latest) {
      watermarks_.Observe(inputs_.For(InputKind::kOutbound).stream, partition, *latest, now);
    }
  }
  return starts;
}

void Engine::Revoke(const std::vector<TopicPartition>& partitions) {
  overlay_.Clear();
  for (const auto& [topic, partition] : partitions) {
    held_.Forget(partition);
    outbound_next_.erase(partition);
    judged_through_.erase(partition);
    sender_marks_.erase(partition);
    watermarks_.Forget(partition);
  }
}

void Engine::DeadLetter(Batch& batch, std::string_view code, std::string reason,
                        const InputRecord& record) {
  ++stats_.dlq;
  ++stats_.dlq_by_reason[std::string(code)];
  batch.dlq.push_back(DlqEntry{std::string(code), std::move(reason), record.topic, record.partition,
                               record.offset, record.value, clock_.Now()});
}

bool Engine::OnItsPartition(const InputRecord& record, Batch& batch) {
  if (options_.input_partitions <= 0 || record.key.empty()) return true;
  const int32_t expected = KafkaPartition(record.key, options_.input_partitions);
  if (expected == record.partition) return true;
  ++stats_.misrouted;
  // Never the key itself (a subject id) in the log; the first few and then every 1,000th.
  if (stats_.misrouted <= 5 || stats_.misrouted % 1000 == 0) {
    log::Warn("engine", std::to_string(stats_.misrouted) +
                            " misrouted input records so far; the latest, " + record.topic + "/" +
                            std::to_string(record.partition) + " offset " +
                            std::to_string(record.offset) +
                            ", has a key Kafka's default partitioner puts on partition " +
                            std::to_string(expected) +
                            ": its producer does not partition like the Java client (set "
                            "partitioner=murmur2_random in librdkafka)");
  }
  const std::string reason = "keyed record on partition " + std::to_string(record.partition) +
                             " but Kafka's default partitioner puts its key on partition " +
                             std::to_string(expected) + " of " +
                             std::to_string(options_.input_partitions);
  if (options_.refuse_misrouted) {
    if (batch.failure.ok()) {
      batch.failure =
          FailedPrecondition(record.topic + "/" + std::to_string(record.partition) + " offset " +
                             std::to_string(record.offset) + ": " + reason +
                             "; fix the producer's partitioner (Java-compatible murmur2), or set "
                             "processing.misrouted: dead_letter to set such records aside");
    }
    return false;
  }
  DeadLetter(batch, dlq_code::kMisrouted, reason, record);
  return false;
}

void Engine::Decode(const InputRecord& record, Batch& batch) {
  ++stats_.records;
  const InputSpec* spec = options_.replay ? nullptr : inputs_.ForTopic(record.topic);
  // The global campaign table is read whole at every start, so it keeps no offsets.
  if (spec == nullptr || spec->stream >= 0) {
    batch.next_offsets[{record.topic, record.partition}] = record.offset + 1;
  }
  if (!options_.replay && spec == nullptr) {
    DeadLetter(batch, dlq_code::kUnknownTopic, "record from a topic that is not an input", record);
    return;
  }
  if (spec != nullptr && spec->stream >= 0 && !OnItsPartition(record, batch)) return;
  auto decoded = decoder_.Decode(record.value, spec != nullptr ? spec->schema : "");
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    DeadLetter(batch, error->code, std::move(error->message), record);
    return;
  }
  Event& event = std::get<Event>(decoded);
  const InputKind kind = KindOf(event);
  bool late = false;
  Timestamp correct_from;
  const std::optional<Timestamp> event_time = EventTime(event);
  if (event_time) {
    const Timestamp now = batch.received_at;
    // A producer's clock may be wrong too: never trust a record timestamp ahead of ours.
    const Timestamp reference =
        options_.replay ? replay_now_ : std::min(record.timestamp.value_or(now), now);
    if (*event_time - reference > options_.max_future_skew) {
      DeadLetter(batch, dlq_code::kFutureTimestamp,
                 "event time is more than the allowed future skew ahead of " +
                     std::string(options_.replay ? "the replay's --now" : "the record timestamp"),
                 record);
      return;
    }
    const int stream = options_.replay ? 0 : inputs_.For(kind).stream;
    if (stream >= 0) {
      // Late: a message sent at or after this input's time was judged already, without it.
      const auto judged = judged_through_.find(record.partition);
      late = judged != judged_through_.end() && *event_time <= judged->second &&
             (kind != InputKind::kOutbound || Has(needs_, StateNeed::kFrequency));
      if (late) {
        if (kind != InputKind::kOutbound) ++stats_.late_inputs;
        // The horizon as it stood when this input arrived (not after the whole batch, so what
        // is corrected does not depend on what else the batch holds), and never below what
        // compaction may have dropped already.
        const Duration horizon = options_.correction_horizon;
        const Timestamp horizon_start = judged->second < Timestamp::min() + horizon
                                            ? Timestamp::min()
                                            : judged->second - horizon;
        correct_from = std::max({*event_time, horizon_start, floor_});
      }
      watermarks_.Observe(stream, record.partition, *event_time, now);
    }
  }
  switch (kind) {
    case InputKind::kOutbound:
      ++stats_.outbound;
      batch.arrivals.push_back({record.partition, std::move(std::get<OutboundEvent>(event)),
                                &record, late, correct_from});
      return;
    case InputKind::kConsent:
      ++stats_.consent;
      break;
    case InputKind::kCampaign:
      ++stats_.campaigns;
      break;
    case InputKind::kFeedback:
      ++stats_.feedback;
      break;
    case InputKind::kSuppression:
      ++stats_.suppression;
      break;
  }
  batch.updates.push_back({std::move(event), &record, late, correct_from});
}

StatusOr<std::map<TopicPartition, int64_t>> Engine::Process(
    const std::vector<InputRecord>& records) {
  CONSENTRY_RETURN_IF_ERROR(Usable());
  Batch batch;
  batch.received_at = clock_.Now();
  for (const auto& record : records) Decode(record, batch);
  CONSENTRY_RETURN_IF_ERROR(batch.failure);
  CONSENTRY_RETURN_IF_ERROR(Run(batch, /*release_all=*/false));
  return std::move(batch.next_offsets);
}

std::map<int32_t, size_t> Engine::WaitingForPartners() const {
  const int stream = options_.replay ? 0 : inputs_.For(InputKind::kOutbound).stream;
  return held_.CountThrough(
      [&](int32_t partition) { return watermarks_.StreamWatermark(stream, partition); });
}

void Engine::CaughtUp(const std::vector<TopicPartition>& partitions) {
  const Timestamp now = clock_.Now();
  for (const auto& [topic, partition] : partitions) {
    const InputSpec* spec = inputs_.ForTopic(topic);
    if (spec != nullptr && spec->stream >= 0) watermarks_.CaughtUp(spec->stream, partition, now);
  }
}

void Engine::Behind(const std::vector<TopicPartition>& partitions) {
  const Timestamp now = clock_.Now();
  for (const auto& [topic, partition] : partitions) {
    const InputSpec* spec = inputs_.ForTopic(topic);
    if (spec != nullptr && spec->stream >= 0) watermarks_.Behind(spec->stream, partition, now);
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

Status Engine::Usable() const {
  if (failed_.ok()) return Status::Ok();
  return FailedPrecondition("this engine failed a batch (" + failed_.ToString() +
                            "); rebuild it from the store");
}

Status Engine::Run(Batch& batch, bool release_all) {
  CONSENTRY_RETURN_IF_ERROR(Usable());
  Status status = RunLoaded(batch, release_all);
  if (!status.ok()) {
    // What the batch changed in memory (held messages, the cache, the judged-through times)
    // never reached RocksDB: only a new engine, built from the store, is right again.
    failed_ = status;
    overlay_.Clear();
    held_.AbandonBatch();
    report_stats_.Clear();
    sender_out_.clear();
  } else {
    overlay_.Trim(options_.cache_bytes);
  }
  return status;
}

Status Engine::RunLoaded(Batch& batch, bool release_all) {
  // 1. Load what the new inputs touch: one MultiGet per family.
  for (const auto& arrival : batch.arrivals) {
    overlay_.WantSeen({arrival.partition, arrival.message.tenant, arrival.message.event_id});
  }
  for (const auto& update : batch.updates) WantKeys(update.event, overlay_);
  CONSENTRY_RETURN_IF_ERROR(overlay_.Load(store_));

  // 2. State changes and new messages. A decision made before a message counts whatever order
  // they came in, since nothing is judged before the watermark passes it.
  ApplyUpdates(batch);
  Admit(batch);

  // 3. Which held messages the watermarks allow now, and the state their detectors read.
  const Timestamp now = clock_.Now();
  const std::vector<HeldMessages::Due> due = held_.TakeDue([&](int32_t partition) {
    return release_all ? Timestamp::max() : watermarks_.For(partition, now);
  });
  const std::map<int32_t, Timestamp> sender_marks = SenderMarksDue(release_all, now);
  if (due.empty() && batch.empty() && sender_marks.empty()) return Status::Ok();
  // The cache keeps only the recent part of frequency windows (FrequencyCacheCutoff); a subject
  // judged again from earlier reads its window whole.
  if (Has(needs_, StateNeed::kFrequency)) {
    for (const SubjectId& subject : verdicts_.TouchedSubjects()) overlay_.ForgetFrequency(subject);
  }
  for (const auto& d : due) WantJudgeKeys(d.it->second.event);
  CONSENTRY_RETURN_IF_ERROR(overlay_.Load(store_));

  // 4. Judge, in (partition, sent_at) order; then correct what late inputs changed.
  StoreBatch writes;
  std::set<int32_t> judged_partitions;
  // frequency.cap: every due message is counted before any is judged, so messages of the same
  // second see each other (state/frequency_window.h); never again when a verdict is corrected.
  if (Has(needs_, StateNeed::kFrequency)) {
    std::map<int32_t, Timestamp> cutoffs;  // one a partition: judged_through_ holds still here
    for (const auto& d : due) {
      const OutboundEvent& message = d.it->second.event;
      auto cutoff = cutoffs.find(d.partition);
      if (cutoff == cutoffs.end()) {
        cutoff = cutoffs.emplace(d.partition, FrequencyCacheCutoff(d.partition)).first;
      }
      // A corrected subject's window stays whole for this batch's corrections.
      overlay_.AddToFrequency(
          message, verdicts_.Touched(message.subject) ? Timestamp::min() : cutoff->second);
    }
  }
  for (const auto& d : due) {
    const OutboundEvent& message = d.it->second.event;
    overlay_.PutSeen({d.partition, message.tenant, message.event_id},
                     SeenMessage{d.it->second.digest, message.sent_at, true});
    CONSENTRY_RETURN_IF_ERROR(Judge(d.partition, d.it->second.event, now, writes));
    Timestamp& judged = judged_through_.try_emplace(d.partition, Timestamp::min()).first->second;
    judged = std::max(judged, d.it->second.event.sent_at);
    judged_partitions.insert(d.partition);
  }
  if (verdicts_.touched()) CONSENTRY_RETURN_IF_ERROR(Correct(writes));
  CONSENTRY_RETURN_IF_ERROR(PublishReportStats());
  for (const auto& entry : batch.dlq) CONSENTRY_RETURN_IF_ERROR(sink_.Emit(entry));
  // The sender stage: messages and feedback first, then the watermarks that pass them (one
  // producer, one partition each: the order holds).
  for (const auto& [partition, mark] : sender_marks) {
    for (int32_t p = 0; p < options_.sender_partitions; ++p) {
      sender_out_.push_back({p, "", SenderWatermark{partition, mark}});
    }
  }
  for (const auto& record : sender_out_) CONSENTRY_RETURN_IF_ERROR(sink_.Emit(record));
  sender_out_.clear();

  // 5. State and offsets (an outbound partition's held back to its oldest held message) in one
  // WriteBatch, written once the sink committed the batch's alerts and DLQ records (with the
  // changelog of these writes, exactly once).
  held_.Settle(due, writes);
  HoldBackOutboundOffsets(batch, due);
  overlay_.Flush(writes);
  for (const auto& [tp, next] : batch.next_offsets) {
    writes.PutInputOffset(tp.first, tp.second, next);
  }
  for (int32_t partition : judged_partitions) {
    writes.PutJudgedThrough(partition, judged_through_.at(partition));
  }
  CONSENTRY_RETURN_IF_ERROR(sink_.Commit(writes, batch.next_offsets));
  for (const auto& [partition, mark] : sender_marks) sender_marks_[partition] = mark;
  if (!writes.empty()) CONSENTRY_RETURN_IF_ERROR(store_.Write(writes));
  // The expiry floor moves forward with the watermarks, once what this batch judged is stored
  // (the store writes the floor before compaction may apply it).
  const Timestamp floor = verdicts_.enabled() ? CorrectionFloor(now) : Timestamp::min();
  if (floor > floor_) {
    CONSENTRY_RETURN_IF_ERROR(store_.AdvanceExpiryFloor(options_.engine, floor));
    floor_ = floor;
  }
  return Status::Ok();
}

Timestamp Engine::FrequencyCacheCutoff(int32_t partition) const {
  const Timestamp floor = floor_;
  // A second more than the longest window: counts are taken over whole seconds.
  const Duration longest = store_.longest_frequency_window().value_or(FrequencyCap::kMaxWindow) +
                           std::chrono::seconds(1);
  Timestamp cutoff = floor < Timestamp::min() + longest ? Timestamp::min() : floor - longest;
  // Without corrections a late message is judged with the cached window as it is: keep it all.
  const auto judged = judged_through_.find(partition);
  if (verdicts_.enabled() && judged != judged_through_.end() &&
      judged->second > Timestamp::min() + longest) {
    cutoff = std::max(cutoff, judged->second - longest);
  }
  return cutoff;
}

Timestamp Engine::CorrectionFloor(Timestamp now) const {
  std::optional<Timestamp> lowest;
  for (int32_t partition : watermarks_.Partitions()) {
    const Timestamp w = watermarks_.For(partition, now);
    lowest = lowest ? std::min(*lowest, w) : w;
  }
  const Duration horizon = options_.correction_horizon;
  if (!lowest || *lowest < Timestamp::min() + horizon) return Timestamp::min();
  return *lowest - horizon;
}

Status Engine::Correct(StoreBatch& writes) {
  const Timestamp now = clock_.Now();
  CONSENTRY_RETURN_IF_ERROR(verdicts_.Load(overlay_));
  CONSENTRY_RETURN_IF_ERROR(overlay_.Load(store_));
  return verdicts_.Correct(
      [this](const OutboundEvent& message) { return Evaluate(Evaluation(message, overlay_)); },
      [this](Alert alert) {
        report_stats_.Corrected(alert);
        if (alert.kind == "alert") {
          ++stats_.alerts;
          ++stats_.alerts_by_detector[alert.detector];
        }
        return sink_.Emit(alert);
      },
      now, writes, &stats_.retractions, &stats_.late_alerts);
}

void Engine::ApplyUpdates(Batch& batch) {
  for (auto& [event, record, late, correct_from] : batch.updates) {
    if (const auto* feedback = std::get_if<FeedbackEvent>(&event)) QueueForSenderStage(*feedback);
    if (const SubjectId* subject = SubjectOf(event); late && subject != nullptr) {
      verdicts_.Touch(*subject, correct_from);
    }
    if (Apply(std::move(event), overlay_) == ApplyResult::kConflict) {
      DeadLetter(batch, dlq_code::kDuplicateEventId,
                 "a decision with this tenant and event_id was already recorded with other "
                 "content; the first one counts",
                 *record);
    }
  }
}

void Engine::Admit(Batch& batch) {
  for (auto& [partition, message, record, late, correct_from] : batch.arrivals) {
    const MessageRef ref{partition, message.tenant, message.event_id};
    const uint64_t digest = ContentDigest(message);
    if (const HeldMessages::Held* held = held_.Find(ref)) {
      if (held->digest == digest) {
        ++stats_.redeliveries;
      } else {
        DeadLetter(batch, dlq_code::kDuplicateEventId,
                   "a message with this tenant and event_id is already waiting to be judged "
                   "with other content; the first one counts",
                   *record);
      }
      continue;
    }
    // Judged before (its id is recorded when it is judged).
    SeenMessage seen = overlay_.Seen(ref);
    // Ids are remembered for the correction horizon only, whether or not compaction has
    // dropped the entry yet.
    if (seen.known && seen.sent_at < floor_) seen = SeenMessage();
    if (seen.known && seen.digest == digest) {
      ++stats_.redeliveries;  // judged or held already
      continue;
    }
    if (seen.known) {
      DeadLetter(batch, dlq_code::kDuplicateEventId,
                 "a message with this tenant and event_id was already judged with other "
                 "content; the first one counts",
                 *record);
      continue;
    }
    // frequency.cap: a late message counts in the windows of the subject's messages judged
    // already; this batch judges it (the watermark passed it) before correcting those, and only
    // their verdicts are read back from the store, so it is counted once and judged once.
    if (late) verdicts_.Touch(message.subject, correct_from);
    held_.Add(partition, std::move(message), digest, record->offset);
  }
}

void Engine::HoldBackOutboundOffsets(Batch& batch, const std::vector<HeldMessages::Due>& due) {
  if (options_.replay) return;  // a replay reads its whole file every time
  const std::string& topic = inputs_.For(InputKind::kOutbound).topic;
  std::set<int32_t> changed;
  for (const auto& [tp, next] : batch.next_offsets) {
    if (tp.first != topic) continue;
    outbound_next_[tp.second] = next;
    changed.insert(tp.second);
  }
  for (const auto& d : due) changed.insert(d.partition);
  for (int32_t partition : changed) {
    const auto consumed = outbound_next_.find(partition);
    if (consumed == outbound_next_.end()) continue;  // only messages an older version persisted
    batch.next_offsets[{topic, partition}] =
        held_.OldestOffset(partition).value_or(consumed->second);
  }
}

std::optional<Duration> Engine::HonouringDelay(const Evaluation& evaluation) {
  if (options_.env == nullptr) return std::nullopt;
  const PolicySet& policies = options_.env->policies;
  const std::optional<WithdrawalTiming> timing = TimingOf(
      evaluation.message, evaluation.Consent(options_.env->taxonomy, policies), policies);
  if (!timing || !timing->inside_window) return std::nullopt;
  ++stats_.inside_window;
  return timing->delay;
}

Status Engine::PublishReportStats() {
  CONSENTRY_ASSIGN_OR_RETURN(const std::vector<StatsRecord> cells,
                             report_stats_.Apply(overlay_, store_));
  for (const StatsRecord& cell : cells) CONSENTRY_RETURN_IF_ERROR(sink_.Emit(cell));
  return Status::Ok();
}

void Engine::WantJudgeKeys(const OutboundEvent& message) {
  if (Has(needs_, StateNeed::kLedger) || options_.env != nullptr) {
    overlay_.WantLedger(message.subject);
  }
  if (Has(needs_, StateNeed::kSuppression)) overlay_.WantSuppressions(message.subject);
  if (Has(needs_, StateNeed::kFrequency)) overlay_.WantFrequency(message.subject);
  // The sender stage is told each campaign's declared volume.
  if ((Has(needs_, StateNeed::kCampaign) || options_.sender_partitions > 0) &&
      !message.campaign_id.empty()) {
    overlay_.WantCampaign(message.campaign_id);
  }
}

std::vector<Finding> Engine::Evaluate(const Evaluation& evaluation) const {
  std::vector<Finding> findings;
  for (const auto& detector : detectors_) detector->Judge(evaluation, findings);
  return findings;
}

Status Engine::Judge(int32_t partition, const OutboundEvent& message, Timestamp now,
                     StoreBatch& writes) {
  ++stats_.judged;
  const Evaluation evaluation(message, overlay_);
  std::vector<Finding> findings = Evaluate(evaluation);
  verdicts_.Keep(message, findings, writes);
  QueueForSenderStage(message, findings);
  report_stats_.Judged(partition, message, findings, HonouringDelay(evaluation));
  stats_.verdict_delay.Observe(std::chrono::duration<double>(now - message.sent_at).count());
  for (auto& finding : findings) {
    Alert alert = BuildAlert(std::move(finding), message, now);
    ++stats_.alerts;
    ++stats_.alerts_by_detector[alert.detector];
    CONSENTRY_RETURN_IF_ERROR(sink_.Emit(alert));
  }
  return Status::Ok();
}

}  // namespace consentry
