#pragma once
// In-process link from the subject stage to the sender stage (replay): a Sink that passes
// alerts and dead letters through to `inner` and hands the sender records of each flushed
// batch straight to the sender stage, in the order the engine emitted them, as the by-sender
// topic would. The sender stage publishes to `inner` itself.

#include <utility>
#include <vector>

#include "pipeline/sender_stage.h"
#include "pipeline/sink.h"

namespace consentry {

class SenderLink final : public Sink {
 public:
  SenderLink(Sink& inner, SenderStage& stage) : inner_(inner), stage_(stage) {}

  Status Emit(const Alert& alert) override { return inner_.Emit(alert); }
  Status Emit(const DlqEntry& entry) override { return inner_.Emit(entry); }
  Status Emit(const StatsRecord& record) override { return inner_.Emit(record); }
  Status Emit(const SenderRecord& record) override {
    pending_.push_back(record);
    return Status::Ok();
  }
  // The engine's batch is durable in `inner` first; then the sender stage runs on it.
  Status Commit(StoreBatch& writes, const std::map<TopicPartition, int64_t>& next_offsets) override {
    CONSENTRY_RETURN_IF_ERROR(inner_.Commit(writes, next_offsets));
    if (pending_.empty()) return Status::Ok();
    std::vector<SenderRecord> records = std::move(pending_);
    pending_.clear();
    return stage_.ProcessLocal(std::move(records));
  }

 private:
  Sink& inner_;
  SenderStage& stage_;
  std::vector<SenderRecord> pending_;
};

}  // namespace consentry
