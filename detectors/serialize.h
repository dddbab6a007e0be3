#pragma once
// JSON renderings shared by detectors' evidence. Subject ids are never written: evidence
// travels to reviewers and reports, and the alert carries the subject in its own field.

#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/json_writer.h"
#include "detectors/printable.h"  // reason sentences quote input through Printable
#include "detectors/policy.h"

namespace consentry {

// Writes `decision` as one JSON object value: event_id, recorded_at, tenant, action, channels
// (["*"] for all), purposes, legal_basis, method, source, named_senders, expires_at,
// relationship {kind, at}, evidence {receipt_id, notice_version}. Absent optionals are null.
void WriteConsentDecision(JsonWriter& w, const ConsentEvent& decision);

// Writes {"rule": ..., "source": ...}.
void WritePolicyClause(JsonWriter& w, const PolicyClause& clause);

// Opens the evidence object every consent detector writes and fills its common head: policy,
// clause, purpose, channel, jurisdiction_chain. The caller adds its own fields and closes it.
void BeginConsentEvidence(JsonWriter& w, const Policy& policy, const PolicyClause& clause,
                          const OutboundEvent& message,
                          const std::vector<std::string>& jurisdiction_chain);

// As above, then clause_kind ("law", "guidance", "provider_policy", "consentry_policy"): the
// head of the consent detectors' evidence.
void BeginConsentEvidence(JsonWriter& w, const Policy& policy, const Policy::CitedClause& clause,
                          const OutboundEvent& message,
                          const std::vector<std::string>& jurisdiction_chain);

// Writes a JSON array of strings.
void WriteStringArray(JsonWriter& w, const std::vector<std::string>& values);

}  // namespace consentry
