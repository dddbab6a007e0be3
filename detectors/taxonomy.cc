#include "detectors/taxonomy.h"

#include <utility>

namespace consentry {
namespace {

bool ValidSegment(std::string_view segment) {
  if (segment.empty()) return false;
  for (char c : segment) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// "a.b.c" -> "a.b"; "a" -> "".
std::string_view Parent(std::string_view path) {
  const size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
}

}  // namespace

Status Taxonomy::Add(std::string path, PurposeRules rules) {
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    const std::string_view segment =
        std::string_view(path).substr(start, dot == std::string::npos ? dot : dot - start);
    if (!ValidSegment(segment)) {
      return InvalidArgument("purpose \"" + path +
                             "\" is not a dot path of [a-z0-9_]+ segments, e.g. "
                             "\"marketing.communications.sms\"");
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  auto it = nodes_.find(path);
  if (it != nodes_.end() && it->second.explicitly_added) {
    return InvalidArgument("purpose \"" + path + "\" is defined twice; keep one definition");
  }
  for (std::string_view p = Parent(path); !p.empty(); p = Parent(p)) {
    if (nodes_.find(p) == nodes_.end()) nodes_.emplace(std::string(p), Node{});
  }
  Node& node = nodes_[std::move(path)];
  node.rules = std::move(rules);
  node.explicitly_added = true;
  return Status::Ok();
}

bool Taxonomy::Known(std::string_view path) const { return nodes_.find(path) != nodes_.end(); }

bool Taxonomy::Covers(std::string_view granted, std::string_view purpose) {
  if (granted.empty() || purpose.size() < granted.size()) return false;
  if (purpose.substr(0, granted.size()) != granted) return false;
  return purpose.size() == granted.size() || purpose[granted.size()] == '.';
}

bool Taxonomy::NeedsConsent(std::string_view purpose,
                            const std::vector<std::string>& jurisdiction_chain) const {
  // An unknown purpose (or unknown segments under a known one) uses its nearest known
  // ancestor's rules; with no known ancestor at all the loop finds nothing and stays strict.
  for (std::string_view p = purpose; !p.empty(); p = Parent(p)) {
    const auto node = nodes_.find(p);
    if (node == nodes_.end()) continue;  // not in the taxonomy: ask the parent
    const auto& needs = node->second.rules.needs_consent;
    for (const std::string& key : jurisdiction_chain) {
      const auto hit = needs.find(key);
      if (hit != needs.end()) return hit->second;
    }
  }
  return true;
}

std::vector<std::string> Taxonomy::Paths() const {
  std::vector<std::string> paths;
  paths.reserve(nodes_.size());
  for (const auto& [path, node] : nodes_) paths.push_back(path);
  return paths;
}

Taxonomy Taxonomy::Default() {
  // Names follow the public fideslang data-use taxonomy. Sources for the consent rules:
  //   marketing: prior consent by default (ePrivacy Directive art. 13; GDPR art. 6, 7).
  //   marketing email in the US: opt-out regime (CAN-SPAM), so no prior consent; that is the
  //   US policy's rule for the email channel, not this leaf's, so an SMS or call labelled with
  //   the email purpose still needs consent.
  //   marketing SMS and voice in the US: prior express written consent (TCPA, 47 CFR 64.1200).
  //   essential.*: transactional and account messages need no marketing consent anywhere.
  //   research.surveys, ai.training: consent by default (GDPR art. 6(1)(a)).
  struct Entry {
    const char* path;
    PurposeRules rules;
  };
  const Entry entries[] = {
      {"marketing", {{{"default", true}}}},
      {"marketing.communications", {}},
      {"marketing.communications.email", {}},
      {"marketing.communications.sms", {{{"US", true}}}},
      {"marketing.communications.push", {}},
      {"marketing.communications.voice", {{{"US", true}}}},
      {"marketing.communications.whatsapp", {}},
      {"marketing.advertising", {}},
      {"marketing.profiling", {}},
      {"essential", {{{"default", false}}}},
      {"essential.service", {}},
      {"essential.service.transactional", {}},
      {"essential.service.account", {}},
      {"research", {}},
      {"research.surveys", {{{"default", true}}}},
      {"ai", {}},
      {"ai.training", {{{"default", true}}}},
  };
  Taxonomy taxonomy;
  for (const Entry& e : entries) {
    const Status s = taxonomy.Add(e.path, e.rules);
    CONSENTRY_CHECK(s.ok());
  }
  return taxonomy;
}

}  // namespace consentry
