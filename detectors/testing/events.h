#pragma once
// Builders for detector tests: a message and consent decisions with sensible defaults
// (tenant "acme", subject "subj-7f3a9c", first-party, recorded by web form).

#include <chrono>
#include <string>
#include <vector>

#include "core/events.h"
#include "core/testing/time.h"
#include "core/time.h"

namespace consentry::testing {

inline constexpr char kSubject[] = "subj-7f3a9c";
inline constexpr char kTenant[] = "acme";
// Purposes of the built-in taxonomy (detectors/taxonomy.cc) the tests send messages for.
inline const std::string kSms = "marketing.communications.sms";
inline const std::string kEmail = "marketing.communications.email";
inline const std::string kVoice = "marketing.communications.voice";
inline const std::string kReceipt = "essential.service.transactional";

inline Timestamp T(const char* rfc3339) { return At(rfc3339); }

inline Duration Days(int n) {
  return std::chrono::duration_cast<Duration>(std::chrono::days(n));
}

inline OutboundEvent Message(Channel channel, std::string purpose, std::string jurisdiction,
                             Timestamp sent_at) {
  OutboundEvent m;
  m.event_id = EventId("msg-1");
  m.sent_at = sent_at;
  m.tenant = TenantId(kTenant);
  m.subject = SubjectId(kSubject);
  m.channel = channel;
  m.purpose = std::move(purpose);
  m.sender_id = SenderId("crm");
  m.jurisdiction = std::move(jurisdiction);
  return m;
}

inline ConsentEvent Decision(std::string event_id, ConsentAction action, Timestamp recorded_at,
                             std::vector<Channel> channels, std::vector<std::string> purposes) {
  ConsentEvent d;
  d.event_id = EventId(std::move(event_id));
  d.recorded_at = recorded_at;
  d.tenant = TenantId(kTenant);
  d.subject = SubjectId(kSubject);
  d.action = action;
  d.channels.channels = std::move(channels);
  d.purposes = std::move(purposes);
  d.legal_basis = LegalBasis::kConsent;
  d.method = ConsentMethod::kWebForm;
  d.evidence_receipt_id = "rcpt-1";
  d.evidence_notice_version = "v3";
  return d;
}

inline ConsentEvent Grant(std::string id, Timestamp at, std::vector<Channel> channels,
                          std::vector<std::string> purposes) {
  return Decision(std::move(id), ConsentAction::kGrant, at, std::move(channels),
                  std::move(purposes));
}

inline ConsentEvent Withdraw(std::string id, Timestamp at, std::vector<Channel> channels,
                             std::vector<std::string> purposes) {
  return Decision(std::move(id), ConsentAction::kWithdraw, at, std::move(channels),
                  std::move(purposes));
}

inline ConsentEvent AllChannels(ConsentEvent d) {
  d.channels.all = true;
  d.channels.channels.clear();
  return d;
}

}  // namespace consentry::testing
