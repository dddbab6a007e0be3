#pragma once
// Helpers shared by the state tests: status assertions that print the failing status, a unique
// temporary directory removed on destruction, and fully populated sample events.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "core/events.h"
#include "core/status.h"
#include "core/time.h"
#include "state/store.h"

#define CONSENTRY_ASSERT_OK(expr)                     \
  do {                                                \
    const ::consentry::Status s_ = (expr);            \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (0)
#define CONSENTRY_EXPECT_OK(expr)                     \
  do {                                                \
    const ::consentry::Status s_ = (expr);            \
    EXPECT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (0)

namespace consentry::testing {

// A fresh directory under ::testing::TempDir(), named after the running test; removed (with
// everything in it) on destruction.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "consentry-state-";
    if (info != nullptr) name += std::string(info->test_suite_name()) + "-" + info->name();
    name += "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    path_ = std::filesystem::path(::testing::TempDir()) / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScopedTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  std::string path() const { return path_.string(); }
  // A not-yet-existing subdirectory (RocksDB creates it).
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A consent decision with every field set to a non-default value.
inline ConsentEvent FullConsentEvent(const std::string& id, int64_t micros) {
  ConsentEvent e;
  e.event_id = EventId(id);
  e.recorded_at = FromMicros(micros);
  e.tenant = TenantId("acme");
  e.subject = SubjectId("subject-1");
  e.action = ConsentAction::kObject;
  e.channels = ChannelSet{.all = false, .channels = {Channel::kSms, Channel::kInApp}};
  e.purposes = {"marketing.communications.sms", "ai.training", ""};
  e.legal_basis = LegalBasis::kLegalObligation;
  e.method = ConsentMethod::kImport;
  e.source = "third_party:acme-data";
  e.named_senders = {TenantId("acme"), TenantId("beta")};
  e.expires_at = FromMicros(micros + 1'000'000);
  e.relationship_kind = RelationshipKind::kInquiry;
  e.relationship_at = FromMicros(-5);
  e.evidence_receipt_id = "rcpt-\x01\xff";
  e.evidence_notice_version = "v7";
  return e;
}

inline ConsentEvent SmallConsentEvent(const std::string& id, int64_t micros) {
  ConsentEvent e;
  e.event_id = EventId(id);
  e.recorded_at = FromMicros(micros);
  e.tenant = TenantId("acme");
  e.subject = SubjectId("subject-1");
  e.channels.all = true;
  e.purposes = {"marketing"};
  return e;
}

inline CampaignDeclaration FullCampaign(const std::string& id) {
  CampaignDeclaration c;
  c.campaign_id = CampaignId(id);
  c.tenant = TenantId("acme");
  c.declared_purposes = {"marketing.communications.email", "marketing.advertising"};
  c.channels = ChannelSet{.all = false, .channels = {Channel::kEmail, Channel::kWhatsapp}};
  c.allowed_data_sources = {"first_party", "third_party:acme-data"};
  c.ai_content = false;
  c.valid_from = FromMicros(1'700'000'000'000'000);
  c.valid_to = FromMicros(1'800'000'000'000'000);
  c.owner = "growth-team";
  c.expected_volume = 15000;
  return c;
}

// An outbound message with every field set, every optional present, and a fingerprint with the
// top bit set (stored as a negative signed varint).
inline OutboundEvent FullOutboundEvent(const std::string& id, int64_t micros) {
  OutboundEvent m;
  m.event_id = EventId(id);
  m.sent_at = FromMicros(micros);
  m.tenant = TenantId("acme");
  m.subject = SubjectId("subject-1");
  m.channel = Channel::kWhatsapp;
  m.purpose = "marketing.communications.whatsapp";
  m.sender_id = SenderId("sender-7");
  m.campaign_id = CampaignId("spring-sale");
  m.jurisdiction = "US-FL";
  m.recipient_tz = "America/New_York";
  m.content.fingerprint = 0x8000'0000'0000'0001;
  m.content.template_id = "tpl-\x01\xff";
  m.content.has_unsubscribe = true;
  m.content.ai_generated = false;
  m.content.ai_disclosed = true;
  m.content.length = 1234;
  m.data_sources = {"first_party", "third_party:acme-data", ""};
  return m;
}

inline void ExpectSameOutbound(const OutboundEvent& a, const OutboundEvent& b) {
  EXPECT_EQ(a.event_id, b.event_id);
  EXPECT_EQ(a.sent_at, b.sent_at);
  EXPECT_EQ(a.tenant, b.tenant);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.channel, b.channel);
  EXPECT_EQ(a.purpose, b.purpose);
  EXPECT_EQ(a.sender_id, b.sender_id);
  EXPECT_EQ(a.campaign_id, b.campaign_id);
  EXPECT_EQ(a.jurisdiction, b.jurisdiction);
  EXPECT_EQ(a.recipient_tz, b.recipient_tz);
  EXPECT_EQ(a.content.fingerprint, b.content.fingerprint);
  EXPECT_EQ(a.content.template_id, b.content.template_id);
  EXPECT_EQ(a.content.has_unsubscribe, b.content.has_unsubscribe);
  EXPECT_EQ(a.content.ai_generated, b.content.ai_generated);
  EXPECT_EQ(a.content.ai_disclosed, b.content.ai_disclosed);
  EXPECT_EQ(a.content.length, b.content.length);
  EXPECT_EQ(a.data_sources, b.data_sources);
}

inline void ExpectSameChannels(const ChannelSet& a, const ChannelSet& b) {
  EXPECT_EQ(a.all, b.all);
  EXPECT_EQ(a.channels, b.channels);
}

inline void ExpectSameDecision(const ConsentEvent& a, const ConsentEvent& b) {
  EXPECT_EQ(a.event_id, b.event_id);
  EXPECT_EQ(a.recorded_at, b.recorded_at);
  EXPECT_EQ(a.tenant, b.tenant);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.action, b.action);
  ExpectSameChannels(a.channels, b.channels);
  EXPECT_EQ(a.purposes, b.purposes);
  EXPECT_EQ(a.legal_basis, b.legal_basis);
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.named_senders, b.named_senders);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.relationship_kind, b.relationship_kind);
  EXPECT_EQ(a.relationship_at, b.relationship_at);
  EXPECT_EQ(a.evidence_receipt_id, b.evidence_receipt_id);
  EXPECT_EQ(a.evidence_notice_version, b.evidence_notice_version);
}

inline void ExpectSameCampaign(const CampaignDeclaration& a, const CampaignDeclaration& b) {
  EXPECT_EQ(a.campaign_id, b.campaign_id);
  EXPECT_EQ(a.tenant, b.tenant);
  EXPECT_EQ(a.declared_purposes, b.declared_purposes);
  ASSERT_EQ(a.channels.has_value(), b.channels.has_value());
  if (a.channels) ExpectSameChannels(*a.channels, *b.channels);
  EXPECT_EQ(a.allowed_data_sources, b.allowed_data_sources);
  EXPECT_EQ(a.ai_content, b.ai_content);
  EXPECT_EQ(a.valid_from, b.valid_from);
  EXPECT_EQ(a.valid_to, b.valid_to);
  EXPECT_EQ(a.owner, b.owner);
  EXPECT_EQ(a.expected_volume, b.expected_volume);
}

// A store in `path` with a small block cache, for tests; fails the test if it does not open.
inline void OpenTestStore(const std::string& path, std::unique_ptr<Store>* store) {
  StoreOptions options;
  options.block_cache_mb = 8;
  auto opened = Store::Open(path, options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  *store = std::move(opened).value();
}

}  // namespace consentry::testing
