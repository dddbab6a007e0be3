#include "detectors/rule_evidence.h"

#include <gtest/gtest.h>

#include "detectors/testing/events.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using testing::ParseJson;
using testing::T;

TEST(RuleEvidenceTest, JoinWordsReadsLikeASentence) {
  EXPECT_EQ(JoinWords({}), "");
  EXPECT_EQ(JoinWords({"a"}), "a");
  EXPECT_EQ(JoinWords({"a", "b"}), "a and b");
  EXPECT_EQ(JoinWords({"a", "b", "c"}), "a, b and c");
  EXPECT_EQ(JoinWords({"x\ny"}), "x\\u000ay");  // input text never breaks the sentence
}

TEST(RuleEvidenceTest, QuoteClauseEndsTheSentence) {
  const Policy::CitedClause clause{{"do this", "some law s. 1"}, Policy::ClauseKind::kLaw};
  EXPECT_EQ(QuoteClause(clause), "; do this (some law s. 1).");
}

TEST(RuleEvidenceTest, DeclarationWithAbsentFieldsWritesNullsAndAnyChannel) {
  CampaignDeclaration d;
  d.campaign_id = CampaignId("c-1");
  d.tenant = TenantId("acme");
  d.declared_purposes = {"marketing"};
  JsonWriter w;
  WriteDeclaration(w, d);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, w.str());
  EXPECT_EQ(std::string_view(doc["campaign_id"]), "c-1");
  EXPECT_EQ(std::string_view(doc["tenant"]), "acme");
  EXPECT_TRUE(doc["valid_from"].is_null());
  EXPECT_TRUE(doc["valid_to"].is_null());
  EXPECT_EQ(std::string_view(doc["declared_purposes"].at(0)), "marketing");
  EXPECT_EQ(std::string_view(doc["channels"].at(0)), "*");
  EXPECT_EQ(doc["allowed_data_sources"].get_array().size(), 0u);
  EXPECT_TRUE(doc["ai_content"].is_null());
  EXPECT_EQ(std::string_view(doc["owner"]), "");
}

TEST(RuleEvidenceTest, DeclarationWithEveryField) {
  CampaignDeclaration d;
  d.campaign_id = CampaignId("c-1");
  d.tenant = TenantId("acme");
  d.channels = ChannelSet{.all = false, .channels = {Channel::kEmail, Channel::kInApp}};
  d.allowed_data_sources = {"first_party", "third_party:x"};
  d.ai_content = true;
  d.valid_from = T("2026-01-01T00:00:00Z");
  d.valid_to = T("2026-02-01T00:00:00Z");
  d.owner = "growth";
  JsonWriter w;
  WriteDeclaration(w, d);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, w.str());
  EXPECT_EQ(std::string_view(doc["valid_from"]), "2026-01-01T00:00:00Z");
  EXPECT_EQ(std::string_view(doc["valid_to"]), "2026-02-01T00:00:00Z");
  EXPECT_EQ(std::string_view(doc["channels"].at(1)), "in_app");
  EXPECT_EQ(std::string_view(doc["allowed_data_sources"].at(1)), "third_party:x");
  EXPECT_TRUE(bool(doc["ai_content"]));
  EXPECT_EQ(std::string_view(doc["owner"]), "growth");
}

TEST(RuleEvidenceTest, SuppressionEntryNeverWritesTheSubject) {
  SuppressionEvent e;
  e.subject = SubjectId(testing::kSubject);
  e.list = SuppressionList::kLegalHold;
  e.added_at = T("2026-01-01T00:00:00Z");
  e.removed_at = T("2026-01-02T00:00:00Z");
  e.channels = ChannelSet{.all = true, .channels = {}};
  JsonWriter w;
  WriteSuppressionEntry(w, e);
  EXPECT_EQ(w.str(),
            R"({"list":"legal_hold","tenant":null,"all_tenants":true,"channels":["*"],)"
            R"("added_at":"2026-01-01T00:00:00Z","removed_at":"2026-01-02T00:00:00Z"})");
}

}  // namespace
}  // namespace consentry
