#pragma once
// Stamps every alert with the SHA-256 of the config that judged it (Alert::config_sha256) and
// hands everything on to the next sink. `run` changes the stamp when it reloads its config, so
// each alert says which rules judged it; alert ids do not change (they hash the code's rule
// version, not the config).

#include <string>
#include <utility>

#include "pipeline/sink.h"

namespace consentry {

class ConfigStampSink final : public Sink {
 public:
  ConfigStampSink(Sink& next, std::string config_sha256)
      : next_(next), config_sha256_(std::move(config_sha256)) {}

  void SetConfig(std::string config_sha256) { config_sha256_ = std::move(config_sha256); }

  Status Emit(const Alert& alert) override {
    Alert stamped = alert;
    stamped.config_sha256 = config_sha256_;
    return next_.Emit(stamped);
  }
  Status Emit(const DlqEntry& entry) override { return next_.Emit(entry); }
  Status Emit(const SenderRecord& record) override { return next_.Emit(record); }
  Status Emit(const StatsRecord& record) override { return next_.Emit(record); }
  Status Commit(StoreBatch& writes,
                const std::map<TopicPartition, int64_t>& next_offsets) override {
    return next_.Commit(writes, next_offsets);
  }

 private:
  Sink& next_;
  std::string config_sha256_;
};

}  // namespace consentry
