// Store's expiry floor: the engines that share the store report theirs, compaction applies the
// lowest (state/store.h).

#include <algorithm>

#include "state/codec.h"
#include "state/keys.h"
#include "state/store.h"
#include "state/store_impl.h"

namespace consentry {

Status Store::LoadExpiryFloor() {
  std::optional<std::string> value;
  CONSENTRY_RETURN_IF_ERROR(Get(Family::kMeta, ExpiryFloorKey(), &value));
  if (!value) return Status::Ok();
  ByteReader r(*value);
  uint64_t micros;
  if (!r.ReadFixed64BE(&micros) || !r.empty()) {
    return DataLoss("meta: stored expiry floor is not 8 bytes");
  }
  SetExpiryFloor(FromMicros(static_cast<int64_t>(micros)));
  const std::lock_guard lock(impl_->floor_mu);
  impl_->engine_floors.assign(1, static_cast<int64_t>(micros));
  return Status::Ok();
}

void Store::SetExpiryFloor(Timestamp floor) {
  impl_->expiry_floor->store(ToMicros(floor), std::memory_order_relaxed);
}

Timestamp Store::expiry_floor() const {
  return FromMicros(impl_->expiry_floor->load(std::memory_order_relaxed));
}

void Store::ShareExpiryFloor(int engines) {
  CONSENTRY_CHECK(engines >= 1);
  const std::lock_guard lock(impl_->floor_mu);
  impl_->engine_floors.assign(static_cast<size_t>(engines),
                              impl_->expiry_floor->load(std::memory_order_relaxed));
}

Status Store::ApplyLowestExpiryFloor(bool lower) {
  std::optional<int64_t> lowest;
  for (const auto& floor : impl_->engine_floors) {
    if (floor) lowest = std::min(lowest.value_or(INT64_MAX), *floor);
  }
  // No engine owns a partition: nothing moves it (nor did anything while one engine ran alone).
  if (!lowest) return Status::Ok();
  const int64_t applied = impl_->expiry_floor->load(std::memory_order_relaxed);
  if (*lowest == applied || (*lowest < applied && !lower)) return Status::Ok();
  StoreBatch batch;
  batch.PutExpiryFloor(FromMicros(*lowest));
  if (*lowest < applied) {
    // Back: first, so a compaction starting now keeps everything the stored floor says it may.
    SetExpiryFloor(FromMicros(*lowest));
    return Write(batch);
  }
  // Forward: stored first, so a reopened store starts from the floor compaction may have applied.
  CONSENTRY_RETURN_IF_ERROR(Write(batch));
  SetExpiryFloor(FromMicros(*lowest));
  return Status::Ok();
}

Status Store::AdvanceExpiryFloor(int engine, Timestamp floor) {
  const std::lock_guard lock(impl_->floor_mu);
  CONSENTRY_CHECK(engine >= 0 && static_cast<size_t>(engine) < impl_->engine_floors.size());
  std::optional<int64_t>& mine = impl_->engine_floors[static_cast<size_t>(engine)];
  const int64_t micros = ToMicros(floor);
  if (mine && *mine >= micros) return Status::Ok();
  mine = micros;
  return ApplyLowestExpiryFloor(/*lower=*/false);
}

Timestamp Store::ExpiryFloorOf(int engine) const {
  const std::lock_guard lock(impl_->floor_mu);
  CONSENTRY_CHECK(engine >= 0 && static_cast<size_t>(engine) < impl_->engine_floors.size());
  const std::optional<int64_t>& mine = impl_->engine_floors[static_cast<size_t>(engine)];
  return FromMicros(mine.value_or(impl_->expiry_floor->load(std::memory_order_relaxed)));
}

Status Store::ReleaseExpiryFloor(int engine) {
  const std::lock_guard lock(impl_->floor_mu);
  CONSENTRY_CHECK(engine >= 0 && static_cast<size_t>(engine) < impl_->engine_floors.size());
  impl_->engine_floors[static_cast<size_t>(engine)].reset();
  return ApplyLowestExpiryFloor(/*lower=*/false);
}

Status Store::ResetExpiryFloor(int engine) {
  const std::lock_guard lock(impl_->floor_mu);
  CONSENTRY_CHECK(engine >= 0 && static_cast<size_t>(engine) < impl_->engine_floors.size());
  impl_->engine_floors[static_cast<size_t>(engine)] = INT64_MIN;
  return ApplyLowestExpiryFloor(/*lower=*/true);
}

}  // namespace consentry
