#include "state/codec.h"
#include "state/store.h"
#include "state/store_batch_rep.h"

namespace consentry {

StoreBatch::StoreBatch() : rep_(std::make_unique<Rep>()) {}
StoreBatch::~StoreBatch() = default;
StoreBatch::StoreBatch(StoreBatch&&) noexcept = default;
StoreBatch& StoreBatch::operator=(StoreBatch&&) noexcept = default;

void StoreBatch::Put(Family family, std::string_view key, std::string_view value) {
  const uint32_t k = rep_->Append(key);
  const uint32_t v = rep_->Append(value);
  rep_->ops.push_back({family, Rep::Op::Kind::kPut, k, static_cast<uint32_t>(key.size()), v,
                       static_cast<uint32_t>(value.size())});
}

void StoreBatch::Merge(Family family, std::string_view key, std::string_view operand) {
  const uint32_t k = rep_->Append(key);
  const uint32_t v = rep_->Append(operand);
  rep_->ops.push_back({family, Rep::Op::Kind::kMerge, k, static_cast<uint32_t>(key.size()), v,
                       static_cast<uint32_t>(operand.size())});
}

void StoreBatch::Delete(Family family, std::string_view key) {
  const uint32_t k = rep_->Append(key);
  rep_->ops.push_back(
      {family, Rep::Op::Kind::kDelete, k, static_cast<uint32_t>(key.size()), 0, 0});
}

void StoreBatch::PutInputOffset(std::string_view topic, int32_t partition, int64_t next_offset) {
  std::string value;
  ByteWriter(&value).PutFixed64BE(static_cast<uint64_t>(next_offset));
  Put(Family::kMeta, InputOffsetKey(topic, partition), value);
}

void StoreBatch::PutJudgedThrough(int32_t partition, Timestamp sent_at) {
  std::string value;
  ByteWriter(&value).PutFixed64BE(static_cast<uint64_t>(ToMicros(sent_at)));
  Put(Family::kMeta, JudgedThroughKey(partition), value);
}

void StoreBatch::PutExpiryFloor(Timestamp floor) {
  std::string value;
  ByteWriter(&value).PutFixed64BE(static_cast<uint64_t>(ToMicros(floor)));
  Put(Family::kMeta, ExpiryFloorKey(), value);
}

void StoreBatch::PutChangelogOffset(std::string_view topic, int32_t partition,
                                    int64_t next_offset) {
  std::string value;
  ByteWriter(&value).PutFixed64BE(static_cast<uint64_t>(next_offset));
  Put(Family::kMeta, ChangelogOffsetKey(topic, partition), value);
}

size_t StoreBatch::size() const { return rep_->ops.size(); }

void StoreBatch::Clear() {
  rep_->ops.clear();
  rep_->arena.clear();
}

}  // namespace consentry
