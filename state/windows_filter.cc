#include "state/windows_filter.h"

#include <rocksdb/compaction_filter.h>

#include <string>

#include "core/time.h"
#include "state/frequency_window.h"
#include "state/keys.h"

namespace consentry {
namespace {

class WindowsFilter final : public rocksdb::CompactionFilter {
 public:
  // `cutoff`: microseconds; INT64_MIN keeps everything.
  explicit WindowsFilter(int64_t cutoff) : cutoff_(cutoff) {}

  Decision FilterV2(int /*level*/, const rocksdb::Slice& key, ValueType type,
                    const rocksdb::Slice& value, std::string* new_value,
                    std::string* /*skip_until*/) const override {
    if (cutoff_ == INT64_MIN || !IsFrequencyWindowKey(std::string_view(key.data(), key.size()))) {
      return Decision::kKeep;
    }
    try {
      auto window = FrequencyWindow::Decode(std::string_view(value.data(), value.size()));
      if (!window.ok()) return Decision::kKeep;
      const Timestamp cutoff = FromMicros(cutoff_);
      switch (type) {
        case ValueType::kValue: {
          if (window->DropBefore(cutoff) == 0) return Decision::kKeep;
          if (window->empty()) return Decision::kRemove;
          *new_value = window->Encode();
          return Decision::kChangeValue;
        }
        case ValueType::kMergeOperand:
          return window->newest() < cutoff ? Decision::kRemove : Decision::kKeep;
        case ValueType::kBlobIndex:
          return Decision::kKeep;
      }
    } catch (...) {  // only std::bad_alloc can get here: keep the entry
    }
    return Decision::kKeep;
  }

  const char* Name() const override { return "consentry.WindowsFilter"; }

 private:
  int64_t cutoff_;
};

class WindowsFilterFactory final : public rocksdb::CompactionFilterFactory {
 public:
  WindowsFilterFactory(std::shared_ptr<const ExpiryFloor> floor,
                       std::shared_ptr<const LongestWindow> longest)
      : floor_(std::move(floor)), longest_(std::move(longest)) {}

  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context& /*context*/) override {
    // Read once per compaction, so every entry of it is judged by the same cutoff.
    const int64_t floor = floor_->load(std::memory_order_relaxed);
    const int64_t longest = longest_->load(std::memory_order_relaxed);
    int64_t cutoff = INT64_MIN;
    if (floor != INT64_MIN && longest >= 0 && floor >= INT64_MIN + longest) {
      cutoff = floor - longest;
    }
    return std::make_unique<WindowsFilter>(cutoff);
  }
  const char* Name() const override { return "consentry.WindowsFilterFactory"; }

 private:
  std::shared_ptr<const ExpiryFloor> floor_;
  std::shared_ptr<const LongestWindow> longest_;
};

}  // namespace

std::shared_ptr<rocksdb::CompactionFilterFactory> MakeWindowsFilterFactory(
    std::shared_ptr<const ExpiryFloor> floor, std::shared_ptr<const LongestWindow> longest) {
  return std::make_shared<WindowsFilterFactory>(std::move(floor), std::move(longest));
}

}  // namespace consentry
