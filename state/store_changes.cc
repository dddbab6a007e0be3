// Store::Changes: what a StoreBatch leaves each key it touches as, for the changelog.

#include <rocksdb/merge_operator.h>

#include <map>

#include "state/store.h"
#include "state/store_batch_rep.h"
#include "state/store_impl.h"

namespace consentry {

StatusOr<std::vector<KeyChange>> Store::Changes(const StoreBatch& batch) {
  using Kind = StoreBatch::Rep::Op::Kind;
  struct Pending {
    size_t index;                               // into `out`
    bool based = false;                         // a Put or Delete in the batch set the base
    std::vector<std::string_view> operands;     // merges since then
  };
  const StoreBatch::Rep& rep = *batch.rep_;
  std::vector<KeyChange> out;
  std::map<std::pair<Family, std::string_view>, Pending> keys;
  for (const auto& op : rep.ops) {
    const std::string_view key = rep.Slice(op.key_offset, op.key_size);
    const std::string_view value = rep.Slice(op.value_offset, op.value_size);
    auto [it, fresh] = keys.try_emplace({op.family, key}, Pending{out.size()});
    if (fresh) out.push_back({op.family, std::string(key), std::nullopt});
    Pending& p = it->second;
    KeyChange& change = out[p.index];
    switch (op.kind) {
      case Kind::kPut:
        change.value.emplace(value);
        p.based = true;
        p.operands.clear();
        break;
      case Kind::kDelete:
        change.value.reset();
        p.based = true;
        p.operands.clear();
        break;
      case Kind::kMerge:
        p.operands.push_back(value);
        break;
    }
  }
  for (auto& [family_key, p] : keys) {
    if (p.operands.empty()) continue;
    KeyChange& change = out[p.index];
    const rocksdb::MergeOperator* merge =
        impl_->merge_operators[static_cast<size_t>(change.family)].get();
    if (merge == nullptr) {
      return Internal("a merge in family " + std::string(FamilyName(change.family)) +
                      ", which has no merge operator");
    }
    if (!p.based) CONSENTRY_RETURN_IF_ERROR(Get(change.family, change.key, &change.value));
    std::vector<rocksdb::Slice> operands(p.operands.begin(), p.operands.end());
    std::optional<rocksdb::Slice> base;
    if (change.value) base.emplace(*change.value);
    const rocksdb::Slice key(change.key);  // MergeOperationInput keeps a reference
    const rocksdb::MergeOperator::MergeOperationInput in(key, base ? &*base : nullptr, operands,
                                                         /*logger=*/nullptr);
    std::string merged;
    rocksdb::Slice existing_operand(nullptr, 0);
    rocksdb::MergeOperator::MergeOperationOutput result(merged, existing_operand);
    if (!merge->FullMergeV2(in, &result)) {
      return Internal("the merge operator of family " + std::string(FamilyName(change.family)) +
                      " failed");
    }
    // An operator may answer with one of its inputs instead of filling `merged`.
    change.value = existing_operand.data() != nullptr ? existing_operand.ToString()
                                                      : std::move(merged);
  }
  return out;
}

}  // namespace consentry
