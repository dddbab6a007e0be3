#include "detectors/serialize.h"

#include <gtest/gtest.h>

#include "detectors/testing/events.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using testing::Grant;
using testing::ParseJson;
using testing::T;

TEST(SerializeTest, WritesEveryFieldOfADecisionButNoSubject) {
  ConsentEvent d = Grant("c-1", T("2026-02-01T09:00:00Z"), {Channel::kSms, Channel::kEmail},
                         {"marketing"});
  d.expires_at = T("2027-02-01T09:00:00Z");
  d.relationship_kind = RelationshipKind::kPurchase;
  d.source = "third_party:acme-data";
  d.named_senders = {TenantId("acme")};
  JsonWriter w;
  WriteConsentDecision(w, d);
  const std::string json = w.str();
  EXPECT_EQ(json.find(testing::kSubject), std::string::npos);

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, json);
  EXPECT_EQ(std::string_view(doc["event_id"]), "c-1");
  EXPECT_EQ(std::string_view(doc["recorded_at"]), "2026-02-01T09:00:00Z");
  EXPECT_EQ(std::string_view(doc["action"]), "grant");
  EXPECT_EQ(std::string_view(doc["channels"].at(1)), "email");
  EXPECT_EQ(std::string_view(doc["purposes"].at(0)), "marketing");
  EXPECT_EQ(std::string_view(doc["legal_basis"]), "consent");
  EXPECT_EQ(std::string_view(doc["method"]), "web_form");
  EXPECT_EQ(std::string_view(doc["source"]), "third_party:acme-data");
  EXPECT_EQ(std::string_view(doc["named_senders"].at(0)), "acme");
  EXPECT_EQ(std::string_view(doc["expires_at"]), "2027-02-01T09:00:00Z");
  EXPECT_EQ(std::string_view(doc["relationship"]["kind"]), "purchase");
  EXPECT_TRUE(doc["relationship"]["at"].is_null());
  EXPECT_EQ(std::string_view(doc["evidence"]["receipt_id"]), "rcpt-1");
  EXPECT_EQ(std::string_view(doc["evidence"]["notice_version"]), "v3");
}

TEST(SerializeTest, AllChannelsIsAStarAndAbsentFieldsAreNull) {
  ConsentEvent d = testing::AllChannels(Grant("c-2", T("2026-02-01T09:00:00Z"), {}, {"x"}));
  d.legal_basis.reset();
  d.method.reset();
  JsonWriter w;
  WriteConsentDecision(w, d);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, w.str());
  EXPECT_EQ(std::string_view(doc["channels"].at(0)), "*");
  EXPECT_TRUE(doc["legal_basis"].is_null());
  EXPECT_TRUE(doc["method"].is_null());
  EXPECT_TRUE(doc["expires_at"].is_null());
  EXPECT_TRUE(doc["relationship"].is_null());
}

}  // namespace
}  // namespace consentry
