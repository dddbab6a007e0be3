#include "pipeline/verdict_keeper.h"

#include <algorithm>
#include <utility>

#include "pipeline/alert_builder.h"
#include "state/keys.h"

namespace consentry {
namespace {

std::vector<FiredRule> FiredBy(const std::vector<Finding>& findings) {
  std::vector<FiredRule> fired;
  fired.reserve(findings.size());
  for (const Finding& f : findings) fired.push_back({f.detector, f.rule_version});
  std::sort(fired.begin(), fired.end());
  return fired;
}

std::string KeyOf(const OutboundEvent& m) {
  return VerdictKey(m.subject, m.sent_at, m.tenant, m.event_id);
}

// The withdrawal of an alert published earlier for `rule` on `message`.
Alert Retraction(const FiredRule& rule, const OutboundEvent& message, Timestamp now) {
  Finding finding{.detector = rule.detector,
                  .rule_version = rule.rule_version,
                  .severity = Severity::kInfo,
                  .reason = "Retracted: an input that arrived later than the allowed lateness "
                            "changed the state this verdict rested on, and the rule no longer "
                            "holds for this message.",
                  .evidence_json = ""};
  Alert alert = BuildAlert(std::move(finding), message, now);
  alert.evidence_json = "{\"retracts\":\"" + alert.alert_id.value() + "\"}";
  alert.kind = "retraction";
  alert.late = true;
  return alert;
}

}  // namespace

void VerdictKeeper::Keep(const OutboundEvent& message, const std::vector<Finding>& findings,
                         StoreBatch& writes) const {
  if (!enabled()) return;
  Verdict verdict{message, FiredBy(findings)};
  writes.Put(Family::kVerdicts, KeyOf(message), verdict.Encode());
}

void VerdictKeeper::Touch(const SubjectId& subject, Timestamp from) {
  if (!enabled()) return;
  auto [it, inserted] = touched_.try_emplace(subject, from);
  if (!inserted) it->second = std::min(it->second, from);
}

std::vector<SubjectId> VerdictKeeper::TouchedSubjects() const {
  std::vector<SubjectId> subjects;
  subjects.reserve(touched_.size());
  for (const auto& [subject, from] : touched_) subjects.push_back(subject);
  return subjects;
}

Status VerdictKeeper::Load(BatchOverlay& overlay) {
  loaded_.clear();
  for (const auto& [subject, touched_from] : touched_) {
    const Timestamp from = touched_from;  // clang 14 cannot capture a structured binding
    Status decode_status;
    // From `from` on: older verdicts (kept for the subject access view) are never corrected.
    CONSENTRY_RETURN_IF_ERROR(store_.ScanPrefix(
        Family::kVerdicts, VerdictPrefix(subject),
        [&](std::string_view, std::string_view raw) {
          auto verdict = Verdict::Decode(raw);
          if (!verdict.ok()) {
            decode_status = verdict.status().WithContext("family verdicts");
            return false;
          }
          if (verdict->message.sent_at >= from) loaded_.push_back(std::move(verdict).value());
          return true;
        },
        VerdictKey(subject, from, TenantId(""), EventId(""))));
    CONSENTRY_RETURN_IF_ERROR(decode_status);
  }
  touched_.clear();
  for (const Verdict& v : loaded_) {
    overlay.WantLedger(v.message.subject);
    overlay.WantSuppressions(v.message.subject);
    overlay.WantFrequency(v.message.subject);  // frequency.cap
    if (!v.message.campaign_id.empty()) overlay.WantCampaign(v.message.campaign_id);
  }
  return Status::Ok();
}

Status VerdictKeeper::Correct(const JudgeFn& judge, const EmitFn& emit, Timestamp now,
                              StoreBatch& writes, int64_t* retractions, int64_t* late_alerts) {
  for (Verdict& verdict : loaded_) {
    std::vector<Finding> findings = judge(verdict.message);
    std::vector<FiredRule> fired = FiredBy(findings);
    if (fired == verdict.fired) continue;
    for (const FiredRule& old : verdict.fired) {
      if (std::binary_search(fired.begin(), fired.end(), old)) continue;
      ++*retractions;
      CONSENTRY_RETURN_IF_ERROR(emit(Retraction(old, verdict.message, now)));
    }
    for (Finding& finding : findings) {
      if (std::binary_search(verdict.fired.begin(), verdict.fired.end(),
                             FiredRule{finding.detector, finding.rule_version})) {
        continue;
      }
      ++*late_alerts;
      Alert alert = BuildAlert(std::move(finding), verdict.message, now);
      alert.late = true;
      CONSENTRY_RETURN_IF_ERROR(emit(std::move(alert)));
    }
    verdict.fired = std::move(fired);
    writes.Put(Family::kVerdicts, KeyOf(verdict.message), verdict.Encode());
  }
  loaded_.clear();
  return Status::Ok();
}

}  // namespace consentry
