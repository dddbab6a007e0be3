#pragma once
// The state of sender.velocity, one entry per entity (a tenant's sender or campaign) and by-sender
// partition, and its stored encoding. Keys and values are built and parsed only here.
//
// Formats (on disk; never renumber, never change an existing version's layout):
//   key:   u8 entity kind (1 sender, 2 campaign), string tenant, string id
//   value: u8 version (1), then VelocityEntity as EncodeVelocityEntity writes it.

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/status.h"
#include "core/time.h"

namespace consentry {

enum class VelocityEntityKind : uint8_t { kSender = 1, kCampaign = 2 };

struct VelocityKey {
  VelocityEntityKind kind = VelocityEntityKind::kSender;
  TenantId tenant;
  std::string id;  // the sender id or the campaign id
  friend auto operator<=>(const VelocityKey&, const VelocityKey&) = default;
  friend bool operator==(const VelocityKey&, const VelocityKey&) = default;
};

std::string EncodeVelocityKey(const VelocityKey& key);
// DataLoss for bytes EncodeVelocityKey never writes.
StatusOr<VelocityKey> DecodeVelocityKey(std::string_view bytes);

// Messages of one campaign with a declared expected_volume, in one window.
struct DeclaredCount {
  int64_t messages = 0;
  int64_t expected_volume = 0;  // the largest declared among them
  friend bool operator==(const DeclaredCount&, const DeclaredCount&) = default;
};

// The messages of one open window.
struct WindowTally {
  int64_t messages = 0;
  Timestamp first;  // earliest and latest message
  Timestamp last;
  // Long windows only: a short window inside it already fired, so it stays quiet.
  bool short_fired = false;
  std::map<CampaignId, DeclaredCount> declared;
  friend bool operator==(const WindowTally&, const WindowTally&) = default;
};

// Messages of a declared campaign in decided windows.
struct CampaignRun {
  int64_t total = 0;
  int64_t last_window = 0;     // last decided window with messages of it
  int64_t alerted_limit = -1;  // the limit whose crossing was reported; -1: none
  friend bool operator==(const CampaignRun&, const CampaignRun&) = default;
};

// EWMA of the per-window count (what was judged: declared campaign messages within their
// volume excluded) and of its variance.
// Forgotten (known = false) when an entity sends again after 30 days of silence.
struct Baseline {
  bool known = false;
  int64_t last_window = 0;  // last decided window
  Timestamp active_since;   // first message since the baseline was (re)started
  Timestamp last_message;   // latest message of the decided windows
  double mean = 0;
  double variance = 0;
  friend bool operator==(const Baseline&, const Baseline&) = default;
};

// One window length.
struct VelocityLane {
  Duration length{0};
  Baseline baseline;
  std::map<int64_t, WindowTally> open;      // by window index; undecided windows
  std::map<CampaignId, CampaignRun> runs;  // declared campaigns seen in decided windows
  friend bool operator==(const VelocityLane&, const VelocityLane&) = default;
};

struct VelocityEntity {
  Timestamp last_seen;  // latest message (the entry expires 30 days after it)
  std::array<VelocityLane, 2> lanes;  // [0] the short window, [1] the long one
  friend bool operator==(const VelocityEntity&, const VelocityEntity&) = default;
};

std::string EncodeVelocityEntity(const VelocityEntity& entity);
// DataLoss for bytes EncodeVelocityEntity never writes (unknown version, negative counts,
// non-finite or negative baseline, unordered windows or campaigns, first message after the
// last, trailing bytes).
StatusOr<VelocityEntity> DecodeVelocityEntity(std::string_view bytes);

}  // namespace consentry
