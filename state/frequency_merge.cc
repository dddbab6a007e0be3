#include "state/frequency_merge.h"

#include <rocksdb/merge_operator.h>
#include <rocksdb/slice.h>

#include <deque>
#include <string>
#include <vector>

#include "state/frequency_window.h"
#include "state/keys.h"

namespace consentry {
namespace {

std::string_view View(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

// Folds every operand that decodes into `window`.
template <typename Operands>
void FoldOperands(const Operands& operands, FrequencyWindow& window) {
  for (const rocksdb::Slice& operand : operands) {
    auto decoded = FrequencyWindow::Decode(View(operand));
    if (decoded.ok()) window.Merge(*decoded);
  }
}

class FrequencyMergeOperator final : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    try {
      if (!IsFrequencyWindowKey(View(in.key))) {
        // Not ours (never merged by consentry): the last write wins, like a Put.
        if (!in.operand_list.empty()) {
          out->existing_operand = in.operand_list.back();
        } else if (in.existing_value != nullptr) {
          out->existing_operand = *in.existing_value;
        }
        return true;
      }
      FrequencyWindow window;
      if (in.existing_value != nullptr) {
        auto base = FrequencyWindow::Decode(View(*in.existing_value));
        if (!base.ok()) {
          out->existing_operand = *in.existing_value;  // kept for a person to look at
          return true;
        }
        window = std::move(base).value();
      }
      FoldOperands(in.operand_list, window);
      out->new_value = window.Encode();
      return true;
    } catch (...) {  // only std::bad_alloc can get here
      return false;
    }
  }

  bool PartialMergeMulti(const rocksdb::Slice& key, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger* /*logger*/) const override {
    try {
      if (!IsFrequencyWindowKey(View(key))) return false;
      FrequencyWindow window;
      for (const rocksdb::Slice& operand : operands) {
        auto decoded = FrequencyWindow::Decode(View(operand));
        if (!decoded.ok()) return false;  // leave them apart; FullMergeV2 skips the bad one
        window.Merge(*decoded);
      }
      *new_value = window.Encode();
      return true;
    } catch (...) {
      return false;
    }
  }

  const char* Name() const override { return "consentry.FrequencyMerge"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> MakeFrequencyMergeOperator() {
  return std::make_shared<FrequencyMergeOperator>();
}

}  // namespace consentry
