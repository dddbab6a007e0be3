#pragma once
// Helpers shared by the sender detectors' tests: inputs, a persisted-state map that applies
// TakeChanges like the sender stage does, and a printable summary of findings to compare runs.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/testing/time.h"
#include "core/time.h"
#include "detectors/sender/sender_detector.h"

namespace consentry::testing {

inline SenderMessage Msg(Timestamp sent_at, std::string sender, std::string tenant = "t1") {
  SenderMessage m;
  m.sent_at = sent_at;
  m.tenant = TenantId(std::move(tenant));
  m.sender = SenderId(std::move(sender));
  return m;
}

inline SenderFeedback Feedback(Timestamp at, std::string sender, FeedbackKind kind,
                               std::string tenant = "t1") {
  SenderFeedback f;
  f.at = at;
  f.tenant = TenantId(std::move(tenant));
  f.sender = SenderId(std::move(sender));
  f.kind = kind;
  return f;
}

// Everything a finding says, on one line, to compare two runs.
inline std::string Describe(const SenderFinding& f) {
  return f.incident_key + " " + std::string(Name(f.finding.severity)) + " [" + f.finding.reason +
         "] " + f.finding.evidence_json;
}
inline std::vector<std::string> Describe(const std::vector<SenderFinding>& findings) {
  std::vector<std::string> out;
  for (const SenderFinding& f : findings) out.push_back(Describe(f));
  return out;
}

// The store as the sender stage keeps it: (partition, key) -> (value, expires_at).
class PersistedState {
 public:
  void Apply(SenderDetector& detector) {
    std::vector<SenderStateChange> changes;
    detector.TakeChanges(changes);
    for (SenderStateChange& c : changes) {
      if (c.value.has_value()) {
        entries_[{c.partition, c.key}] = {*c.value, c.expires_at};
      } else {
        entries_.erase({c.partition, c.key});
      }
    }
  }
  void RestoreInto(SenderDetector& detector) const {
    for (const auto& [key, value] : entries_) {
      const Status s = detector.Restore(key.first, key.second, value.first);
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
  }
  size_t size() const { return entries_.size(); }
  const std::map<std::pair<int32_t, std::string>, std::pair<std::string, Timestamp>>& entries()
      const {
    return entries_;
  }

 private:
  std::map<std::pair<int32_t, std::string>, std::pair<std::string, Timestamp>> entries_;
};

}  // namespace consentry::testing
