#pragma once
// The engine test fixture: a real RocksDB in a temp directory, the built-in detectors, a sink
// that records what the engine emits, a manual clock, and builders for input records.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "detectors/registry.h"
#include "pipeline/engine.h"

namespace consentry::testing {

using std::chrono::seconds;

class RecordingSink final : public Sink {
 public:
  Status Emit(const Alert& alert) override {
    pending_alerts.push_back(alert);
    return Status::Ok();
  }
  Status Emit(const DlqEntry& entry) override {
    dlq.push_back({entry.reason_code, entry.source_topic, entry.source_offset});
    return Status::Ok();
  }
  Status Emit(const SenderRecord& record) override {
    pending_sender.push_back(record);
    return Status::Ok();
  }
  // The latest value of each cell, as the compacted stats topic keeps it.
  Status Emit(const StatsRecord& record) override {
    stats.insert_or_assign(StatsCellStateKey(record.key), record);
    return Status::Ok();
  }
  Status Commit(StoreBatch&, const std::map<TopicPartition, int64_t>&) override {
    ++flushes;
    for (auto& a : pending_alerts) alerts.push_back(std::move(a));
    pending_alerts.clear();
    for (auto& r : pending_sender) sender.push_back(std::move(r));
    pending_sender.clear();
    return fail_flush ? Unavailable("broker gone") : Status::Ok();
  }
  struct Dlq {
    std::string code, topic;
    int64_t offset;
  };
  std::vector<Alert> pending_alerts, alerts;
  std::vector<SenderRecord> pending_sender, sender;
  std::vector<Dlq> dlq;
  std::map<std::string, StatsRecord> stats;
  int flushes = 0;
  bool fail_flush = false;
};

inline std::string Message(const std::string& id, const std::string& subject, const std::string& sent_at,
                    const std::string& channel = "sms") {
  return R"({"schema":"outbound.v1","event_id":")" + id + R"(","sent_at":")" + sent_at +
         R"(","tenant":"acme","subject":")" + subject + R"(","channel":")" + channel +
         R"(","purpose":"marketing.communications.)" + channel +
         R"(","sender_id":"crm","jurisdiction":"DK"})";
}

inline std::string Decision(const std::string& id, const std::string& subject, const std::string& at,
                     const std::string& action) {
  return R"({"schema":"consent.v1","event_id":")" + id + R"(","recorded_at":")" + at +
         R"(","tenant":"acme","subject":")" + subject + R"(","action":")" + action +
         R"(","channels":["*"],"purposes":["marketing"]})";
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("engine_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Reopen();
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen(size_t cache_bytes = EngineOptions{}.cache_bytes) {
    engine_.reset();
    store_.reset();
    auto store = Store::Open(dir_.string(), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    DetectorRegistry registry;
    RegisterBuiltinDetectors(registry);
    std::vector<std::unique_ptr<Detector>> detectors;
    for (const std::string& name : registry.Names()) {  // every built-in detector
      auto d = registry.Create(name, {}, env_);
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      detectors.push_back(std::move(*d));
    }
    EngineOptions options;
    options.allowed_lateness = seconds(5);
    options.idle_timeout = seconds(2);
    options.cache_bytes = cache_bytes;
    options.env = &env_;
    options.sender_partitions = sender_partitions_;
    options.input_partitions = input_partitions_;
    options.refuse_misrouted = refuse_misrouted_;
    engine_ = std::make_unique<Engine>(*store_, std::move(detectors), sink_, clock_, options);
    auto starts = engine_->Assign({{"comms.outbound", 0}, {"consent.events", 0}});
    ASSERT_TRUE(starts.ok()) << starts.status().ToString();
    starts_ = *starts;
  }

  StatusOr<std::map<TopicPartition, int64_t>> Feed(std::vector<InputRecord> records) {
    return engine_->Process(records);
  }

  InputRecord Out(int64_t offset, std::string value) {
    return {"comms.outbound", 0, offset, "", std::move(value)};
  }
  InputRecord Con(int64_t offset, std::string value) {
    return {"consent.events", 0, offset, "", std::move(value)};
  }
  InputRecord Fb(int64_t offset, std::string value) {
    return {"comms.feedback", 0, offset, "", std::move(value)};
  }
  InputRecord Sup(int64_t offset, std::string value) {
    return {"suppression.lists", 0, offset, "", std::move(value)};
  }
  InputRecord Camp(int64_t offset, std::string value) {
    return {"purpose.declarations", 0, offset, "", std::move(value)};
  }

  std::filesystem::path dir_;
  Taxonomy taxonomy_ = Taxonomy::Default();
  PolicySet policies_ = PolicySet::Default();
  DetectorEnv env_{taxonomy_, policies_};
  RecordingSink sink_;
  // Later than every event time in these tests: records without a timestamp are checked against
  // the clock for the future-skew bound.
  ManualClock clock_{ParseRfc3339("2026-12-01T00:00:00Z").value()};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Engine> engine_;
  std::map<TopicPartition, std::optional<int64_t>> starts_;
  int32_t sender_partitions_ = 0;  // set before Reopen() to feed a sender stage
  int32_t input_partitions_ = 0;   // set before Reopen() to check keyed records' partitions
  bool refuse_misrouted_ = false;
};

}  // namespace consentry::testing
