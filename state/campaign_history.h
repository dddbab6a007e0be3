#pragma once
// Every version of one campaign's declaration (column family `campaigns`). The input topic is
// compacted by campaign_id, so only consentry's state remembers older versions; a message is
// judged against the version in force at its sent_at.
//
// A new version applies from its valid_from (absent: since ever) and supersedes every older one
// from then on: at t, the version with the latest valid_from at or before t decides (among equal
// valid_from, the one added last, so a correction re-published with the same start replaces the
// earlier one), and it is in force unless t >= its valid_to (absent: for ever). So a correction
// can end a campaign early, and a gap between versions has nothing in force.

#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/status.h"

namespace consentry {

class CampaignHistory {
 public:
  // Adds `declaration` as the newest version. A version identical to one already kept becomes
  // the newest again (a rollback: A, B, then A again puts A back in force); redelivering the
  // newest version changes nothing and returns false.
  bool Add(CampaignDeclaration declaration);

  // The version in force at `at`, or nullptr when none is.
  const CampaignDeclaration* At(Timestamp at) const;

  // In the order they were added.
  const std::vector<CampaignDeclaration>& versions() const { return versions_; }
  bool empty() const { return versions_.empty(); }

  // A format version byte, then every version. Decode returns DataLoss on malformed bytes and
  // also reads the single-declaration format that came before histories.
  // Rough heap bytes held, for the overlay's memory-bounded cache (state/heap_bytes.h).
  size_t ApproxBytes() const;
  std::string Encode() const;
  static StatusOr<CampaignHistory> Decode(std::string_view bytes);

 private:
  std::vector<CampaignDeclaration> versions_;
};

}  // namespace consentry
