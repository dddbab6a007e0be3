#pragma once
// serve's incidents in its own RocksDB store (family incidents, keys in state/keys.h): every
// incident, the placement of every alert received, and each incident key's latest incident and
// snooze. Incidents, latest ids and snoozes are few (one incident per campaign or sender and
// window) and are loaded whole at start; placements, one per alert ever received, stay on disk
// and are read once per batch for the alerts in it.
//
// Writes go into the caller's StoreBatch, so they land in one atomic write with whatever else
// the batch records (its input offsets, its audit entries).

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/incident_book.h"
#include "state/store.h"

namespace consentry {

class StoredPlacements final : public AlertPlacements {
 public:
  explicit StoredPlacements(Store& store) : store_(store) {}

  // Reads the placements of `alerts` (one MultiGet) before a batch adds them to the book.
  // DataLoss on a malformed value.
  Status Load(const std::vector<AlertId>& alerts);
  // Only alerts loaded since the last Flush may be asked for (an always-on check).
  std::optional<AlertPlacement> Find(const AlertId& alert) const override;
  void Put(const AlertId& alert, const AlertPlacement& placement) override;
  // Adds what Put changed to `writes` and forgets what was loaded.
  void Flush(StoreBatch& writes);

 private:
  Store& store_;
  std::unordered_map<std::string, std::optional<AlertPlacement>> loaded_;
  std::unordered_map<std::string, AlertPlacement> changed_;
};

// Every incident, latest incident id and snooze in `store`, into a new `book`.
Status LoadIncidents(Store& store, IncidentBook& book);
// What changed in `book` since its last TakeChanges, into `writes`.
void FlushIncidents(IncidentBook& book, StoreBatch& writes);

// The stored forms of a placement and a snooze (versioned; DataLoss when malformed).
std::string EncodePlacement(const AlertPlacement& placement);
StatusOr<AlertPlacement> DecodePlacement(std::string_view bytes);

}  // namespace consentry
