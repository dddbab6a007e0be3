#pragma once
// Where one engine of a running instance restores the partitions it is assigned from
// (state/changelog.h), kept honest across rebalances. The store's expiry floor follows the
// partitions its engines own, so once an engine gives a partition up, compaction may drop entries
// of that partition which its next owner, and this engine when the partition comes back, still
// needs. So a partition given up loses its restore position (it is restored from the changelog's
// start if it ever comes back), unless the very next assignment gives it straight back: then
// nobody else processed it meanwhile and its position stands. A partition that arrives from
// elsewhere (another instance, or another engine of this one) also moves the engine's expiry
// floor, and so the store's, back (Store::ResetExpiryFloor) before it is restored, so that nothing
// it needs is dropped while the floor still follows the others.
//
//   RestorePositions positions(store);
//   on revoke:  positions.Release({{changelog, {0, 1}}});
//   on assign:  positions.Resume({{changelog, {1, 2}}});   // 1 kept, 2 from its changelog start

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/status.h"
#include "state/store.h"

namespace consentry {

class RestorePositions {
 public:
  // Partition numbers per changelog topic.
  using Partitions = std::map<std::string, std::set<int32_t>>;

  // `engine`: the engine of the store whose partitions these are (Store::ShareExpiryFloor).
  explicit RestorePositions(Store& store, int engine = 0) : store_(store), engine_(engine) {}

  // Deletes the stored positions of `partitions`, remembering them until the next Resume().
  Status Release(const Partitions& partitions);
  // Puts back the remembered positions of those of `partitions` the last Release() took and
  // forgets the others; resets the store's expiry floor when any of `partitions` was not
  // just released (a first assignment, or a partition owned elsewhere meanwhile).
  Status Resume(const Partitions& partitions);

 private:
  Store& store_;
  int engine_;
  std::map<std::pair<std::string, int32_t>, int64_t> released_;
};

}  // namespace consentry
