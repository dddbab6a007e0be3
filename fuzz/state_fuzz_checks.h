#pragma once
// The invariants the state fuzzers check on every input, shared by the libFuzzer entry points
// (ledger_fuzz.cc, campaign_fuzz.cc, suppression_history_fuzz.cc, campaign_history_fuzz.cc,
// verdict_fuzz.cc, seen_message_fuzz.cc, honouring_delays_fuzz.cc) and
// state_decoders_corpus_test, which replays the seed corpora in every ctest run.
//
// Each function decodes arbitrary bytes and returns whether the decoder accepted them. It never
// returns on a violated invariant: it prints what broke and traps, which libFuzzer reports as a
// crash with the input attached.

#include <string_view>

namespace consentry::fuzz {

// ConsentLedger::Decode. On success: decisions are strictly ordered by (recorded_at, event_id,
// tenant) with no (tenant, event_id) twice (event ids are unique per tenant); Encode() decodes
// again to the same encoding; and inserting the decisions one by one, in reverse, builds a
// ledger with that same encoding.
bool CheckLedgerBytes(std::string_view bytes);

// DecodeCampaign. On success: EncodeCampaign() decodes again to the same encoding.
bool CheckCampaignBytes(std::string_view bytes);

// SuppressionHistory::Decode. On success: entries are strictly ordered by (added_at, list,
// tenant) and share one subject; Encode() is a fixed point; applying the entries one by one, in
// reverse, builds the same encoding and a repeat changes nothing; ActiveAt agrees with a
// brute-force scan of the entries.
bool CheckSuppressionHistoryBytes(std::string_view bytes);

// CampaignHistory::Decode (both the history format and the single-declaration format before
// it). On success: Encode() is a fixed point with the same versions; Add() keeps one copy of
// each version, moves a repeat to the newest place and refuses only a repeat of the newest; At()
// agrees with a brute-force reading of the contract in campaign_history.h (the last-added
// version with the latest valid_from at or before t decides, unless it has ended).
bool CheckCampaignHistoryBytes(std::string_view bytes);

// Verdict::Decode (and DecodeOutbound, for the message inside). On success: Encode() is a fixed
// point with the same message encoding and the same fired rules.
bool CheckVerdictBytes(std::string_view bytes);

// SeenMessage::Decode. On success: the message is known, and Encode() is a fixed point with the
// same digest and sent_at.
bool CheckSeenMessageBytes(std::string_view bytes);

// DelayHistogram::Decode. On success: Encode() is a fixed point with the same count, total,
// maximum and buckets.
bool CheckDelayHistogramBytes(std::string_view bytes);
// StatsCell::Decode: DataLoss, or Encode() is a fixed point.
bool CheckStatsCellBytes(std::string_view bytes);

// FrequencyWindow::Decode (frequency.cap counters). On success: the format is canonical, so
// Encode() gives back exactly `bytes`; adding the buckets one by one, in reverse, builds the same
// window; Count over all time agrees with a brute-force sum; DropBefore the newest bucket keeps
// exactly the newest second's buckets.
bool CheckFrequencyWindowBytes(std::string_view bytes);

// ApplyChangelogRecord (restore from the changelog). The input is: byte 0 = the partition (its
// low 3 bits, of 8) and a tombstone flag (bit 7, with an empty value), byte 1 = the key's length,
// then the key, then the value. On success: exactly one write was added, and the key's owner
// (OwnerOf) is on that partition and mirrored; on failure: DataLoss and nothing added.
bool CheckChangelogRecordBytes(std::string_view bytes);

}  // namespace consentry::fuzz
