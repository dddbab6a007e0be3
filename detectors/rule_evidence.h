#pragma once
// Evidence and reason pieces shared by the campaign, content and suppression detectors
// (purpose.mismatch, purpose.undeclared, data_source.unconsented, ai.undisclosed,
// unsubscribe.missing, suppression.hit). Like serialize.h, nothing here writes a subject id.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/json_writer.h"
#include "detectors/policy.h"

namespace consentry {

// Opens the evidence object and fills its head: policy, clause {rule, source}, clause_kind
// ("law", "consentry_policy", ...), purpose, channel, jurisdiction_chain, campaign_id (null when
// the message names none). The caller adds its own fields and closes it.
void BeginRuleEvidence(JsonWriter& w, const Policy& policy, const Policy::CitedClause& clause,
                       const OutboundEvent& message,
                       const std::vector<std::string>& jurisdiction_chain);

// Writes one declaration version as a JSON object: campaign_id, tenant, valid_from, valid_to
// (null when open), declared_purposes, channels (["*"] when absent or "*": any channel),
// allowed_data_sources (as declared, [] when none), ai_content (null when absent), owner.
void WriteDeclaration(JsonWriter& w, const CampaignDeclaration& declaration);

// Writes one do-not-contact entry: list, tenant (null when it applies to every tenant),
// all_tenants, channels (["*"] when absent or "*"), added_at, removed_at (null while on the
// list).
void WriteSuppressionEntry(JsonWriter& w, const SuppressionEvent& entry);

// Writes `key` and the time as RFC 3339, or null when absent.
void WriteOptionalTimestamp(JsonWriter& w, std::string_view key,
                            const std::optional<Timestamp>& t);

// Writes a channel set, ["*"] for every channel.
void WriteChannels(JsonWriter& w, const ChannelSet& channels);

// "; <rule> (<source>)." — the end of every reason sentence of these detectors.
std::string QuoteClause(const Policy::CitedClause& clause);

// "a, b and c" (Printable). Empty for no items.
std::string JoinWords(const std::vector<std::string>& items);

}  // namespace consentry
