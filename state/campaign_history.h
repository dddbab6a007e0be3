#pragma once
// Every version of one campaign's declaration (column family `campaigns`). The input topic is
// compacted by campaign_id, so only consentry's state remembers older versions; a message is
// judged against the version in force at its sent_at.
//
// A version is in force at t when valid_from <= t (absent: since ever) and t < valid_to
// (absent: for ever). When several are, the one with the latest valid_from wins, and among equal
// valid_from the one added last (a correction re-published with the same dates replaces it).

#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/status.h"

namespace consentry {

class CampaignHistory {
 public:
  // Adds `declaration` as the newest version. Returns false (and changes nothing) when it is
  // identical to a version already kept, so a redelivered record is a no-op.
  bool Add(CampaignDeclaration declaration);

  // The version in force at `at`, or nullptr when none is.
  const CampaignDeclaration* At(Timestamp at) const;

  // In the order they were added.
  const std::vector<CampaignDeclaration>& versions() const { return versions_; }
  bool empty() const { return versions_.empty(); }

  // A format version byte, then every version. Decode returns DataLoss on malformed bytes and
  // also reads the single-declaration format that came before histories.
  std::string Encode() const;
  static StatusOr<CampaignHistory> Decode(std::string_view bytes);

 private:
  std::vector<CampaignDeclaration> versions_;
};

}  // namespace consentry
