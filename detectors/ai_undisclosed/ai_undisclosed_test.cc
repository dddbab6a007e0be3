#include "detectors/ai_undisclosed/ai_undisclosed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::FakeState;
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kEmail;

OutboundEvent AiMessage(Channel channel, std::string jurisdiction, Timestamp sent,
                        std::optional<bool> disclosed = false) {
  OutboundEvent m = Message(channel, kEmail, std::move(jurisdiction), sent);
  m.purpose = channel == Channel::kEmail ? kEmail : "marketing";
  m.content.ai_generated = true;
  m.content.ai_disclosed = disclosed;
  return m;
}

class AiUndisclosedDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const { return Run(detector_, m); }
  std::vector<Finding> Run(const Detector& detector, const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector.Evaluate(m, state_, findings);
    return findings;
  }

  PolicySet policies_ = PolicySet::Default();
  AiUndisclosedDetector detector_{policies_};
  FakeState state_;
  Timestamp start_ = T("2026-08-02T00:00:00Z");
  Timestamp sent_ = T("2026-09-01T10:00:00Z");
};

TEST_F(AiUndisclosedDetectorTest, AiDraftedTextIsConsentryTransparencyPolicy) {
  const auto findings = Run(AiMessage(Channel::kEmail, "NL", sent_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "ai.undisclosed");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kLow);
  EXPECT_EQ(f.reason,
            "This AI-generated email message for marketing.communications.email from tenant "
            "acme at 2026-09-01T10:00:00Z did not tell the person that AI produced it; tell "
            "people when AI wrote a message to them (consentry transparency policy (not law: EU "
            "AI Act art. 50 does not cover AI-drafted marketing text)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "EU");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
  EXPECT_EQ(std::string_view(doc["ai_use"]), "text");
  EXPECT_TRUE(bool(doc["ai_generated"]));
  EXPECT_FALSE(bool(doc["ai_disclosed"]));
  EXPECT_EQ(std::string_view(doc["disclosure_required_from"]), "2026-08-02T00:00:00Z");
  EXPECT_TRUE(doc["related_clause"].is_null());
  EXPECT_TRUE(doc["campaign_id"].is_null());
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(AiUndisclosedDetectorTest, AbsentDisclosureCountsAsUndisclosed) {
  const auto findings = Run(AiMessage(Channel::kSms, "NL", sent_, std::nullopt));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  EXPECT_TRUE(ParseJson(parser, findings[0].evidence_json)["ai_disclosed"].is_null());
}

TEST_F(AiUndisclosedDetectorTest, QuietWhenDisclosedOrNotAiGenerated) {
  EXPECT_TRUE(Run(AiMessage(Channel::kEmail, "NL", sent_, true)).empty());
  OutboundEvent human = AiMessage(Channel::kEmail, "NL", sent_);
  human.content.ai_generated = false;
  EXPECT_TRUE(Run(human).empty());
  human.content.ai_generated.reset();  // says nothing about AI
  EXPECT_TRUE(Run(human).empty());
}

TEST_F(AiUndisclosedDetectorTest, NeverFiresBeforeTheEuStartDate) {
  EXPECT_TRUE(Run(AiMessage(Channel::kWhatsapp, "DE", start_ - std::chrono::seconds(1))).empty());
  EXPECT_TRUE(Run(AiMessage(Channel::kWhatsapp, "DE", start_ - Duration(1))).empty());
  EXPECT_EQ(Run(AiMessage(Channel::kWhatsapp, "DE", start_)).size(), 1u);
  EXPECT_TRUE(Run(AiMessage(Channel::kEmail, "", T("2025-01-01T00:00:00Z"))).empty());
}

TEST_F(AiUndisclosedDetectorTest, ChatChannelsCiteArticle50Paragraph1AsConsentryPolicy) {
  // The channel alone does not tell that an AI system interacted with the person (art. 50(1)).
  for (const Channel chat : {Channel::kWhatsapp, Channel::kInApp}) {
    const auto findings = Run(AiMessage(chat, "DE", sent_));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].severity, Severity::kLow);
    EXPECT_THAT(findings[0].reason,
                HasSubstr("; tell people they are interacting with an AI system, unless that is "
                          "obvious (consentry transparency policy, after EU AI Act (Regulation "
                          "(EU) 2024/1689) art. 50(1)"));
    simdjson::dom::parser parser;
    const auto doc = ParseJson(parser, findings[0].evidence_json);
    EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
    EXPECT_EQ(std::string_view(doc["ai_use"]), "conversational_agent");
  }
}

TEST_F(AiUndisclosedDetectorTest, VoiceCitesArticle50Paragraphs1And4AsConsentryPolicy) {
  const auto findings = Run(AiMessage(Channel::kVoice, "FR", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kLow);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["clause"]["source"]),
            "consentry transparency policy, after EU AI Act (Regulation (EU) 2024/1689) art. "
            "50(1), (4), which apply only to AI systems that interact with people and to deep "
            "fakes; the message does not tell whether the voice is either");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
  EXPECT_EQ(std::string_view(doc["ai_use"]), "synthetic_voice");
  EXPECT_TRUE(doc["related_clause"].is_null());  // the FCC note is for the US
}

TEST_F(AiUndisclosedDetectorTest, OutsideTheEuEveryClauseIsConsentryPolicy) {
  for (const char* where : {"US-FL", "CA", ""}) {
    for (const Channel channel : {Channel::kEmail, Channel::kWhatsapp, Channel::kVoice}) {
      const auto findings = Run(AiMessage(channel, where, sent_));
      ASSERT_EQ(findings.size(), 1u) << where;
      EXPECT_EQ(findings[0].severity, Severity::kLow);
      EXPECT_THAT(findings[0].reason, HasSubstr("(consentry transparency policy (not law))."));
      EXPECT_THAT(findings[0].reason, Not(HasSubstr("AI Act")));
      simdjson::dom::parser parser;
      EXPECT_EQ(std::string_view(ParseJson(parser, findings[0].evidence_json)["clause_kind"]),
                "consentry_policy");
    }
  }
  // The same start date applies everywhere.
  EXPECT_TRUE(Run(AiMessage(Channel::kEmail, "US", start_ - Duration(1))).empty());
}

TEST_F(AiUndisclosedDetectorTest, UsVoiceQuotesFcc2417InEvidenceOnly) {
  const auto findings = Run(AiMessage(Channel::kVoice, "US-MD", sent_));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, Not(HasSubstr("FCC")));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(std::string_view(doc["related_clause"]["source"]),
            "FCC 24-17 (2024-02-08); 47 CFR 64.1200(a)");
  EXPECT_EQ(std::string_view(doc["related_clause"]["clause_kind"]), "law");
  EXPECT_EQ(std::string_view(doc["related_clause"]["judged_by"]), "consent.missing");
}

TEST_F(AiUndisclosedDetectorTest, PolicyTurnsItOffOrMovesTheStartDate) {
  PolicySet set;
  Policy off{.name = "default"};
  off.ai_disclosure_required = false;
  Policy early{.name = "UK"};
  early.ai_disclosure_from = T("2026-01-01T00:00:00Z");
  ASSERT_TRUE(set.Add(off).ok());
  ASSERT_TRUE(set.Add(early).ok());
  const AiUndisclosedDetector detector(set);
  EXPECT_TRUE(Run(detector, AiMessage(Channel::kEmail, "", sent_)).empty());
  const auto findings = Run(detector, AiMessage(Channel::kEmail, "UK", T("2026-03-01T00:00:00Z")));
  ASSERT_EQ(findings.size(), 1u);
  // A policy that sets no AI clauses quotes the member defaults: consentry policy.
  EXPECT_THAT(findings[0].reason, HasSubstr("(consentry transparency policy (not law))."));
  EXPECT_TRUE(Run(detector, AiMessage(Channel::kEmail, "UK", T("2025-12-31T23:59:59Z"))).empty());
}

TEST_F(AiUndisclosedDetectorTest, FactoryValidatesBothSeverities) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  EXPECT_EQ(AiUndisclosedDetector::Create({{"legal_severity", "severe"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AiUndisclosedDetector::Create({{"from", "2026-08-02"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector =
      AiUndisclosedDetector::Create({{"severity", "info"}, {"legal_severity", "high"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  EXPECT_EQ((*detector)->Needs(), StateNeed::kNone);
  auto text = Run(**detector, AiMessage(Channel::kEmail, "DE", sent_));
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0].severity, Severity::kInfo);
  // No built-in AI clause is law any more: a config policy that cites one as law gets
  // legal_severity.
  PolicySet with_law;
  Policy law{.name = "default"};
  law.ai_agent_clause = {{"tell people an AI agent is talking", "a statute"},
                         Policy::ClauseKind::kLaw};
  ASSERT_TRUE(with_law.Add(law).ok());
  const DetectorEnv law_env{taxonomy, with_law};
  auto law_detector =
      AiUndisclosedDetector::Create({{"severity", "info"}, {"legal_severity", "high"}}, law_env);
  ASSERT_TRUE(law_detector.ok()) << law_detector.status().ToString();
  auto chat = Run(**law_detector, AiMessage(Channel::kInApp, "", sent_));
  ASSERT_EQ(chat.size(), 1u);
  EXPECT_EQ(chat[0].severity, Severity::kHigh);
  EXPECT_EQ(Run(**detector, AiMessage(Channel::kInApp, "DE", sent_))[0].severity,
            Severity::kInfo);
}

}  // namespace
}  // namespace consentry
