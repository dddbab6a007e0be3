#pragma once
// The hierarchical purpose taxonomy: dot paths such as "marketing.communications.sms", where a
// parent covers its children. Each node may say, per jurisdiction key, whether messages for that
// purpose need prior consent; nodes that say nothing inherit from their ancestors.
//
// NeedsConsent resolution (precise rule):
//   Walk from the purpose's node up to the root. At each node, look the jurisdiction chain up in
//   order (most specific first, e.g. {"US-FL", "US", "default"}). The first hit wins. So depth
//   beats jurisdiction specificity: a leaf's "default" overrides an ancestor's "US".
//   If no node on the path sets any key of the chain, the purpose needs consent (strict).
//   A purpose that is not in the taxonomy follows its nearest known ancestor's rules (walk up
//   until a known node; "essential.service.delivery" follows "essential", so needs no consent;
//   "marketing.typo" follows "marketing", so needs it). A purpose with no known ancestor
//   ("markting.email") needs consent (strict): a typo must not silently exempt its messages.
//
// Thread safety: const methods are safe to call concurrently; Add is not.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace consentry {

struct PurposeRules {
  // Jurisdiction key ("default", "EU", "US", "US-FL", ...) -> whether prior consent is needed.
  std::map<std::string, bool, std::less<>> needs_consent;
};

class Taxonomy {
 public:
  // Adds `path` with its rules; missing parents are created implicitly with no rules of their
  // own. InvalidArgument if a segment is not [a-z0-9_]+ or if `path` was already added
  // explicitly (an implicitly created parent may be given rules later).
  [[nodiscard]] Status Add(std::string path, PurposeRules rules);

  // True when `path` is a node (added explicitly or as an implicit parent).
  bool Known(std::string_view path) const;

  // True when `granted` equals `purpose` or is one of its ancestors: "marketing" covers
  // "marketing.communications.sms" but not "marketingx". Purely textual; needs no taxonomy.
  static bool Covers(std::string_view granted, std::string_view purpose);

  // See the resolution rule at the top of this file.
  bool NeedsConsent(std::string_view purpose,
                    const std::vector<std::string>& jurisdiction_chain) const;

  // True for "marketing" and everything under it.
  static bool IsMarketing(std::string_view purpose) { return Covers(kMarketing, purpose); }

  // Every node, sorted.
  std::vector<std::string> Paths() const;

  // The shipped default taxonomy (design section 2).
  static Taxonomy Default();

  static constexpr std::string_view kMarketing = "marketing";

 private:
  struct Node {
    PurposeRules rules;
    bool explicitly_added = false;
  };
  std::map<std::string, Node, std::less<>> nodes_;
};

}  // namespace consentry
