#include "state/expiry_filter.h"

#include <rocksdb/compaction_filter.h>

#include <string>

#include "state/codec.h"
#include "state/keys.h"
#include "state/seen_message.h"

namespace consentry {
namespace {

class ExpiryFilter final : public rocksdb::CompactionFilter {
 public:
  ExpiryFilter(ExpiringFamily family, int64_t floor) : family_(family), floor_(floor) {}

  // Never throws: an entry that does not parse is kept (a person can look at it), never dropped.
  bool Filter(int /*level*/, const rocksdb::Slice& key, const rocksdb::Slice& value,
              std::string* /*new_value*/, bool* /*value_changed*/) const override {
    if (floor_ == INT64_MIN) return false;
    switch (family_) {
      case ExpiringFamily::kVerdicts: {
        auto t = VerdictTime(std::string_view(key.data(), key.size()));
        return t.ok() && ToMicros(*t) < floor_;
      }
      case ExpiringFamily::kDedup: {
        auto seen = SeenMessage::Decode(std::string_view(value.data(), value.size()));
        return seen.ok() && ToMicros(seen->sent_at) < floor_;
      }
      case ExpiringFamily::kSketches: {
        ByteReader r(std::string_view(value.data(), value.size()));
        uint64_t expires_at = 0;
        return ParseSenderStateKey(std::string_view(key.data(), key.size())).ok() &&
               r.ReadFixed64BE(&expires_at) && SignedFromOrdered64(expires_at) < floor_;
      }
    }
    return false;
  }
  const char* Name() const override { return "consentry.ExpiryFilter"; }

 private:
  ExpiringFamily family_;
  int64_t floor_;
};

class ExpiryFilterFactory final : public rocksdb::CompactionFilterFactory {
 public:
  ExpiryFilterFactory(ExpiringFamily family, std::shared_ptr<const ExpiryFloor> floor,
                      Duration kept_beyond)
      : family_(family), floor_(std::move(floor)), kept_beyond_(kept_beyond.count()) {}

  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context& /*context*/) override {
    // One floor per compaction, read once: every entry of it is judged by the same time.
    const int64_t floor = floor_->load(std::memory_order_relaxed);
    // INT64_MIN (keep everything) stays so; no floor moves back past it.
    const int64_t moved = floor < INT64_MIN + kept_beyond_ ? INT64_MIN : floor - kept_beyond_;
    return std::make_unique<ExpiryFilter>(family_, moved);
  }
  const char* Name() const override { return "consentry.ExpiryFilterFactory"; }

 private:
  ExpiringFamily family_;
  std::shared_ptr<const ExpiryFloor> floor_;
  int64_t kept_beyond_;  // microseconds, >= 0
};

}  // namespace

std::shared_ptr<rocksdb::CompactionFilterFactory> MakeExpiryFilterFactory(
    ExpiringFamily family, std::shared_ptr<const ExpiryFloor> floor, Duration kept_beyond) {
  return std::make_shared<ExpiryFilterFactory>(family, std::move(floor),
                                               std::max(kept_beyond, Duration(0)));
}

}  // namespace consentry
