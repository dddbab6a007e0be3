// The text rendering of `consentry explain` (app/explain_view.h).

#include "app/explain_view.h"

#include <simdjson.h>

#include <string_view>

#include "detectors/serialize.h"

namespace consentry {
namespace {

// Evidence fields the message line of a verdict block already shows.
constexpr std::string_view kShownInHeader[] = {"purpose", "channel", "jurisdiction_chain",
                                               "campaign_id"};

std::string Channels(const ChannelSet& set) {
  if (set.all) return "*";
  std::string out;
  for (Channel c : set.channels) out += (out.empty() ? "" : ",") + std::string(Name(c));
  return out;
}

std::string Words(const std::vector<std::string>& items, std::string_view none = "-") {
  if (items.empty()) return std::string(none);
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + Printable(s);
  return out;
}

std::string OptionalBool(const std::optional<bool>& b) {
  return b ? (*b ? "true" : "false") : "unknown";
}

std::string DecisionSummary(const ConsentEvent& d) {
  return "decision " + Printable(d.event_id.value()) + " (" + std::string(Name(d.action)) +
         " recorded " + FormatRfc3339(d.recorded_at) + ", source " + Printable(d.source) + ")";
}

void TimelineText(const Explanation& e, std::string& out) {
  const std::string of_tenant =
      e.tenant_filter.empty() ? "" : " of tenant " + Printable(e.tenant_filter.value());
  if (e.decisions.empty()) {
    out += "Consent timeline: no decisions recorded for this subject" +
           (e.tenant_filter.empty() ? "" : " (tenant " + Printable(e.tenant_filter.value()) + ")") +
           "\n";
  } else {
    out += "Consent timeline" + of_tenant + ": " + std::to_string(e.decisions.size()) +
           (e.decisions.size() == 1 ? " decision\n" : " decisions\n");
  }
  for (const ConsentEvent& d : e.decisions) {
    out += "  " + FormatRfc3339(d.recorded_at) + "  " + Printable(d.tenant.value()) + "  " +
           std::string(Name(d.action));
    out += "  channels " + Channels(d.channels) + "  purposes " + Words(d.purposes);
    if (d.legal_basis) {
      out += "  basis " + std::string(Name(*d.legal_basis));
    } else if (d.action == ConsentAction::kGrant) {
      out += "  basis not given";
    }
    if (d.method) out += "  method " + std::string(Name(*d.method));
    out += "  source " + Printable(d.source);
    if (!d.named_senders.empty()) {
      std::vector<std::string> named;
      for (const TenantId& t : d.named_senders) named.push_back(t.value());
      out += "  named senders " + Words(named);
    }
    if (d.relationship_kind) {
      out += "  relationship " + std::string(Name(*d.relationship_kind));
      if (d.relationship_at) out += " " + FormatRfc3339(*d.relationship_at);
    }
    if (d.action == ConsentAction::kGrant || d.expires_at) {
      out += "  expires " + (d.expires_at ? FormatRfc3339(*d.expires_at) : "never");
    }
    out += "  (event " + Printable(d.event_id.value()) + ")";
    if (d.recorded_at > e.at) out += "  [after the time asked about]";
    out += "\n";
  }

  if (e.suppressions.empty()) {
    out += "Do-not-contact entries: none\n";
  } else {
    out += "Do-not-contact entries: " + std::to_string(e.suppressions.size()) + "\n";
  }
  for (const SuppressionEvent& s : e.suppressions) {
    out += "  " + std::string(Name(s.list)) + " list, ";
    out += s.tenant.empty() ? "every tenant" : "tenant " + Printable(s.tenant.value());
    out += ", channels " + (s.channels ? Channels(*s.channels) : std::string("*"));
    out += ": added " + FormatRfc3339(s.added_at);
    out += s.removed_at ? ", removed " + FormatRfc3339(*s.removed_at) : ", not removed";
    out += "\n";
  }

  if (e.campaign.empty()) return;
  const std::string name = "Campaign " + Printable(e.campaign.value());
  if (e.campaign_versions.empty()) {
    out += name + ": never declared\n";
    return;
  }
  out += name + ": " + std::to_string(e.campaign_versions.size()) +
         (e.campaign_versions.size() == 1 ? " declaration version\n" : " declaration versions\n");
  for (size_t i = 0; i < e.campaign_versions.size(); ++i) {
    const CampaignDeclaration& d = e.campaign_versions[i];
    out += "  valid from " + (d.valid_from ? FormatRfc3339(*d.valid_from) : "always");
    out += " to " + (d.valid_to ? FormatRfc3339(*d.valid_to) : "open");
    out += ": tenant " + Printable(d.tenant.value());
    out += "  purposes " + Words(d.declared_purposes);
    out += "  channels " + (d.channels ? Channels(*d.channels) : std::string("*"));
    out += "  data sources " + Words(d.allowed_data_sources, "first_party (default)");
    out += "  ai_content " + OptionalBool(d.ai_content);
    if (e.campaign_in_force == i) out += "  [in force at the time asked about]";
    out += "\n";
  }
}

std::string ConsentText(const ExplainedConsent& c, const TenantId& tenant) {
  std::string out = c.needed ? "needed" : "not needed for this purpose and channel here";
  const std::string decision = c.decision ? DecisionSummary(*c.decision) : "";
  const std::string_view s = c.standing;
  if (s == "granted") {
    out += "; granted by " + decision;
  } else if (s == "none") {
    out += "; no decision of tenant " + Printable(tenant.value()) + " covers it";
  } else if (s == "not_a_consent_basis") {
    out += "; only grants on a basis that is not consent here, latest " + decision;
  } else if (s == "third_party_unnamed") {
    out += "; only third-party grants that do not name tenant " + Printable(tenant.value()) +
           ", latest " + decision;
  } else if (s == "expired") {
    out += "; expired";
    if (c.expired_at) out += " at " + FormatRfc3339(*c.expired_at);
    out += " (" + c.expiry + "), " + decision;
  } else if (s == "withdrawn") {
    out += "; withdrawn by " + decision;
    if (c.withdrawal_deadline) {
      out += c.inside_window ? "; inside the honouring window, which closes at "
                             : "; the honouring window closed at ";
      out += FormatRfc3339(*c.withdrawal_deadline);
    }
  } else {
    out += "; standing " + c.standing + (decision.empty() ? "" : ", " + decision);
  }
  if (c.decisions_considered > 0) {
    out += "; " + std::to_string(c.covering_decisions) + " of the tenant's " +
           std::to_string(c.decisions_considered) + " decisions until then cover it";
  }
  return out;
}

// Every top-level evidence field but those the block's header shows: strings as they are,
// everything else as compact JSON.
void EvidenceText(const std::string& evidence_json, std::string& out) {
  const std::string shown = ExplainEvidenceJson(evidence_json);
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(shown).get_object().get(object) != simdjson::SUCCESS) return;
  for (const auto field : object) {
    const std::string_view key = field.key;
    bool in_header = false;
    for (std::string_view h : kShownInHeader) in_header = in_header || key == h;
    if (in_header) continue;
    std::string_view text;
    const std::string value = field.value.get_string().get(text) == simdjson::SUCCESS
                                  ? Printable(text)
                                  : simdjson::minify(field.value);
    out += "      " + Printable(key) + ": " + value + "\n";
  }
}

void MessageText(const ExplainedMessage& m, std::string& out) {
  const OutboundEvent& msg = m.message;
  out += "\nVerdicts for a message at " + FormatRfc3339(msg.sent_at) + " from tenant " +
         Printable(msg.tenant.value()) + " on " + std::string(Name(msg.channel)) + " for " +
         Printable(msg.purpose) + (m.purpose_known ? "" : " (not in the taxonomy)") + "\n";
  std::string chain;
  for (const std::string& j : m.jurisdiction_chain) chain += (chain.empty() ? "" : " > ") + j;
  out += "  jurisdiction " +
         (msg.jurisdiction.empty() ? std::string("not given") : Printable(msg.jurisdiction)) +
         " (policy " + Printable(m.policy) + ", chain " + Printable(chain) + ")";
  out += msg.campaign_id.empty() ? "; no campaign"
                                 : "; campaign " + Printable(msg.campaign_id.value());
  out += msg.sender_id.empty() ? "; sender not given"
                               : "; sender " + Printable(msg.sender_id.value());
  out += "\n  content: has_unsubscribe " + OptionalBool(msg.content.has_unsubscribe) +
         ", ai_generated " + OptionalBool(msg.content.ai_generated) + ", ai_disclosed " +
         OptionalBool(msg.content.ai_disclosed) + ", data sources " +
         Words(msg.data_sources, "none") + "\n";
  out += "  consent: " + ConsentText(m.consent, msg.tenant) + "\n";
  for (const ExplainedDetector& d : m.detectors) {
    std::string head = "  " + d.detector + " (rule " + d.rule_version + ")";
    if (head.size() < 40) head.resize(40, ' ');
    if (d.findings.empty()) {
      out += head + " no finding\n";
      continue;
    }
    for (const Finding& f : d.findings) {
      out += head + " FINDING, severity " + std::string(Name(f.severity)) + "\n";
      out += "      " + Printable(f.reason) + "\n";
      EvidenceText(f.evidence_json, out);
    }
  }
}

}  // namespace

std::string RenderSubjectAccessText(const SubjectAccess& a) {
  const Explanation& e = a.timeline;
  std::string out = "Subject access: " + Printable(e.subject.value());
  if (!e.tenant_filter.empty()) out += ", tenant " + Printable(e.tenant_filter.value());
  out += ", messages sent from " + FormatRfc3339(a.from) + " to " + FormatRfc3339(a.to) + "\n";
  const auto days = std::chrono::duration_cast<std::chrono::hours>(a.retention).count() / 24;
  out += "(judged messages are kept " + std::to_string(days) +
         " days in event time; older ones are no longer held)\n\n";
  TimelineText(e, out);
  out += "\n" + std::to_string(a.messages.size()) +
         (a.messages.size() == 1 ? " message judged\n" : " messages judged\n");
  for (const AccessedMessage& m : a.messages) {
    const OutboundEvent& msg = m.message;
    out += "\n" + FormatRfc3339(msg.sent_at) + "  " + Printable(msg.tenant.value()) + "  " +
           std::string(Name(msg.channel)) + "  " + Printable(msg.purpose) + "  (event " +
           Printable(msg.event_id.value()) + ")\n";
    out += "  sender " + Printable(msg.sender_id.value());
    if (!msg.campaign_id.empty()) out += "  campaign " + Printable(msg.campaign_id.value());
    out += "  jurisdiction " + (msg.jurisdiction.empty() ? "none" : Printable(msg.jurisdiction)) +
           " (policy " + Printable(m.policy) + ")\n";
    out += "  basis: consent " + ConsentText(m.basis, msg.tenant) + "\n";
    out += "  alerts: ";
    if (m.alerts.empty()) out += "none";
    for (size_t i = 0; i < m.alerts.size(); ++i) {
      out += (i ? ", " : "") + m.alerts[i].first + " (rule v" + m.alerts[i].second + ")";
    }
    out += "\n";
  }
  return out;
}

std::string RenderExplanationText(const Explanation& e) {
  std::string out = "Subject " + Printable(e.subject.value()) + " at " + FormatRfc3339(e.at);
  if (!e.tenant_filter.empty()) out += ", tenant " + Printable(e.tenant_filter.value());
  out += "\n\n";
  TimelineText(e, out);
  for (const ExplainedMessage& m : e.messages) MessageText(m, out);
  if (!e.note.empty()) out += "\n" + e.note + "\n";
  return out;
}

}  // namespace consentry
