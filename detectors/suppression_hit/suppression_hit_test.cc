#include "detectors/suppression_hit/suppression_hit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "detectors/testing/campaigns.h"
#include "detectors/testing/events.h"
#include "detectors/testing/fake_state.h"
#include "detectors/testing/json.h"

namespace consentry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Days;
using testing::Entry;
using testing::FakeState;
using testing::Message;
using testing::ParseJson;
using testing::T;

using testing::kSms;
using testing::kReceipt;

class SuppressionHitDetectorTest : public ::testing::Test {
 protected:
  std::vector<Finding> Run(const OutboundEvent& m) const {
    std::vector<Finding> findings;
    detector_.Evaluate(m, state_, findings);
    return findings;
  }
  OutboundEvent Sms(Timestamp sent, std::string jurisdiction = "US",
                    std::string purpose = kSms) const {
    return Message(Channel::kSms, std::move(purpose), std::move(jurisdiction), sent);
  }

  PolicySet policies_ = PolicySet::Default();
  SuppressionHitDetector detector_{policies_};
  FakeState state_;
  Timestamp added_ = T("2026-02-01T09:00:00Z");
  Timestamp sent_ = T("2026-03-01T10:00:00Z");
};

TEST_F(SuppressionHitDetectorTest, UsMarketingTextToADncNumberBreaksTheTcpa) {
  state_.AddSuppression(Entry(SuppressionList::kDnc, added_, std::nullopt, ""));
  const auto findings = Run(Sms(sent_));
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.detector, "suppression.hit");
  EXPECT_EQ(f.rule_version, "1");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.reason,
            "Sent this sms message for marketing.communications.sms from tenant acme at "
            "2026-03-01T10:00:00Z while the person was on the dnc list for all tenants since "
            "2026-02-01T09:00:00Z; no telephone solicitation to a number on the national "
            "do-not-call registry or on the caller's own do-not-call list (47 CFR "
            "64.1200(c)(2), (d) (TCPA)).");
  EXPECT_THAT(f.reason, Not(HasSubstr(testing::kSubject)));

  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, f.evidence_json);
  EXPECT_EQ(std::string_view(doc["policy"]), "US");
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "law");
  const auto entry = doc["entries"].at(0);
  EXPECT_EQ(std::string_view(entry["list"]), "dnc");
  EXPECT_TRUE(entry["tenant"].is_null());
  EXPECT_TRUE(bool(entry["all_tenants"]));
  EXPECT_EQ(std::string_view(entry["channels"].at(0)), "*");
  EXPECT_EQ(std::string_view(entry["added_at"]), "2026-02-01T09:00:00Z");
  EXPECT_TRUE(entry["removed_at"].is_null());
  EXPECT_EQ(int64_t(doc["active_entries"]), 1);
  EXPECT_EQ(int64_t(doc["exempt_entries"]), 0);
  EXPECT_TRUE(doc["note"].is_null());
  EXPECT_EQ(f.evidence_json.find(testing::kSubject), std::string::npos);
}

TEST_F(SuppressionHitDetectorTest, QuietWhenNotOnAnyList) {
  EXPECT_TRUE(Run(Sms(sent_)).empty());
}

TEST_F(SuppressionHitDetectorTest, AddedAtIsInclusive) {
  state_.AddSuppression(Entry(SuppressionList::kInternal, sent_));
  EXPECT_TRUE(Run(Sms(sent_ - Duration(1))).empty());
  EXPECT_EQ(Run(Sms(sent_)).size(), 1u);
}

TEST_F(SuppressionHitDetectorTest, RemovedSuppressionAppliesOnlyBeforeRemovedAt) {
  const Timestamp removed = T("2026-02-20T00:00:00Z");
  state_.AddSuppression(Entry(SuppressionList::kInternal, added_));
  state_.AddSuppression(Entry(SuppressionList::kInternal, added_, removed));  // the removal
  const auto before = Run(Sms(removed - Duration(1)));
  ASSERT_EQ(before.size(), 1u);
  simdjson::dom::parser parser;
  EXPECT_EQ(std::string_view(ParseJson(parser, before[0].evidence_json)["entries"].at(0)
                                 ["removed_at"]),
            "2026-02-20T00:00:00Z");
  EXPECT_TRUE(Run(Sms(removed)).empty());  // removed_at is exclusive
  EXPECT_TRUE(Run(Sms(sent_)).empty());
}

TEST_F(SuppressionHitDetectorTest, RemovalArrivingFirstGivesTheSameVerdicts) {
  const Timestamp removed = T("2026-02-20T00:00:00Z");
  state_.AddSuppression(Entry(SuppressionList::kComplaint, added_, removed));
  state_.AddSuppression(Entry(SuppressionList::kComplaint, added_));  // late redelivered add
  EXPECT_EQ(Run(Sms(added_ + Days(1))).size(), 1u);
  EXPECT_TRUE(Run(Sms(sent_)).empty());
}

TEST_F(SuppressionHitDetectorTest, TenantlessEntryAppliesToEveryTenant) {
  state_.AddSuppression(Entry(SuppressionList::kDnc, added_, std::nullopt, ""));
  for (const char* tenant : {"acme", "globex", "initech"}) {
    OutboundEvent m = Sms(sent_);
    m.tenant = TenantId(tenant);
    EXPECT_EQ(Run(m).size(), 1u) << tenant;
  }
}

TEST_F(SuppressionHitDetectorTest, AnotherTenantsEntryDoesNotApply) {
  state_.AddSuppression(Entry(SuppressionList::kInternal, added_, std::nullopt, "globex"));
  EXPECT_TRUE(Run(Sms(sent_)).empty());
}

TEST_F(SuppressionHitDetectorTest, EntryForOtherChannelsDoesNotApply) {
  state_.AddSuppression(Entry(SuppressionList::kDnc, added_, std::nullopt, "acme",
                              std::vector<Channel>{Channel::kVoice, Channel::kEmail}));
  EXPECT_TRUE(Run(Sms(sent_)).empty());
  const auto voice = Run(Message(Channel::kVoice, "marketing.communications.voice", "US", sent_));
  ASSERT_EQ(voice.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, voice[0].evidence_json);
  EXPECT_EQ(doc["entries"].at(0)["channels"].get_array().size(), 2u);
  EXPECT_EQ(std::string_view(doc["entries"].at(0)["tenant"]), "acme");
  EXPECT_FALSE(bool(doc["entries"].at(0)["all_tenants"]));
}

TEST_F(SuppressionHitDetectorTest, TransactionalPassesEveryListButLegalHold) {
  for (const SuppressionList list :
       {SuppressionList::kDnc, SuppressionList::kInternal, SuppressionList::kComplaint}) {
    FakeState state;
    state.AddSuppression(Entry(list, added_));
    std::vector<Finding> findings;
    detector_.Evaluate(Sms(sent_, "US", kReceipt), state, findings);
    detector_.Evaluate(Sms(sent_, "US", "essential.service.account"), state, findings);
    EXPECT_TRUE(findings.empty()) << Name(list);
    detector_.Evaluate(Sms(sent_, "US", "research.surveys"), state, findings);
    EXPECT_EQ(findings.size(), 1u) << Name(list);
  }
  state_.AddSuppression(Entry(SuppressionList::kDnc, added_));
  state_.AddSuppression(Entry(SuppressionList::kLegalHold, added_ + Days(1)));
  const auto findings = Run(Sms(sent_, "US", kReceipt));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason, HasSubstr("on the legal_hold list of tenant acme since "
                                            "2026-02-02T09:00:00Z; do not contact a person "
                                            "while they are on a do-not-contact list (consentry "
                                            "policy (the tenant's suppression lists))."));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_EQ(doc["entries"].get_array().size(), 1u);
  EXPECT_EQ(int64_t(doc["active_entries"]), 2);
  EXPECT_EQ(int64_t(doc["exempt_entries"]), 1);
  EXPECT_EQ(std::string_view(doc["clause_kind"]), "consentry_policy");
}

TEST_F(SuppressionHitDetectorTest, SeveralListsGiveOneFindingListingEach) {
  state_.AddSuppression(Entry(SuppressionList::kComplaint, added_ + Days(2)));
  state_.AddSuppression(Entry(SuppressionList::kDnc, added_, std::nullopt, ""));
  state_.AddSuppression(Entry(SuppressionList::kInternal, added_ + Days(1)));
  const auto findings = Run(Sms(sent_, "DK"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].reason,
              HasSubstr("on the dnc list for all tenants since 2026-02-01T09:00:00Z (and on 2 "
                        "other list entries);"));
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  ASSERT_EQ(doc["entries"].get_array().size(), 3u);
  EXPECT_EQ(std::string_view(doc["entries"].at(1)["list"]), "internal");
  EXPECT_EQ(std::string_view(doc["entries"].at(2)["list"]), "complaint");
}

TEST_F(SuppressionHitDetectorTest, DncClauseIsLawOnlyForUsCallsAndTextsThatMarket) {
  state_.AddSuppression(Entry(SuppressionList::kDnc, added_));
  const auto kind = [](const Finding& f) {
    simdjson::dom::parser parser;
    return std::string(std::string_view(ParseJson(parser, f.evidence_json)["clause_kind"]));
  };
  const auto us_sms = Run(Sms(sent_, "US"));
  ASSERT_EQ(us_sms.size(), 1u);
  EXPECT_EQ(kind(us_sms[0]), "law");
  // Email in the US, SMS in the EU, a survey by SMS in the US: consentry policy.
  const auto us_email =
      Run(Message(Channel::kEmail, "marketing.communications.email", "US", sent_));
  ASSERT_EQ(us_email.size(), 1u);
  EXPECT_EQ(kind(us_email[0]), "consentry_policy");
  const auto dk_sms = Run(Sms(sent_, "DK"));
  ASSERT_EQ(dk_sms.size(), 1u);
  EXPECT_EQ(kind(dk_sms[0]), "consentry_policy");
  const auto survey = Run(Sms(sent_, "US", "research.surveys"));
  ASSERT_EQ(survey.size(), 1u);
  EXPECT_EQ(kind(survey[0]), "consentry_policy");
}

TEST_F(SuppressionHitDetectorTest, VoiceCountsAsAutomatedSoEbrDoesNotPassDnc) {
  // An existing business relationship would let a *live* call through the national registry
  // (47 CFR 64.1200(f)(5)); every voice message counts as automated, so it still fires and the
  // evidence says why.
  state_.AddSuppression(Entry(SuppressionList::kDnc, added_, std::nullopt, ""));
  const auto findings =
      Run(Message(Channel::kVoice, "marketing.communications.voice", "US", sent_));
  ASSERT_EQ(findings.size(), 1u);
  simdjson::dom::parser parser;
  const auto doc = ParseJson(parser, findings[0].evidence_json);
  EXPECT_THAT(std::string(std::string_view(doc["note"])), HasSubstr("64.1200(f)(5)"));
}

TEST_F(SuppressionHitDetectorTest, VerdictsSurviveARestart) {
  // The entries as stored and read back (column family `suppression`) give the same verdicts.
  const Timestamp removed = T("2026-02-20T00:00:00Z");
  SuppressionHistory stored;
  ASSERT_TRUE(stored.Apply(Entry(SuppressionList::kDnc, added_, removed, "")));
  ASSERT_TRUE(stored.Apply(Entry(SuppressionList::kLegalHold, sent_)));
  auto restored = SuppressionHistory::Decode(stored.Encode());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  for (const SuppressionEvent& e : restored->entries()) state_.AddSuppression(e);
  EXPECT_EQ(Run(Sms(removed - Duration(1))).size(), 1u);
  EXPECT_TRUE(Run(Sms(removed)).empty());
  EXPECT_EQ(Run(Sms(sent_, "US", kReceipt)).size(), 1u);  // the legal hold
}

TEST_F(SuppressionHitDetectorTest, FactoryRejectsUnknownParamsAndHonoursSeverity) {
  const Taxonomy taxonomy = Taxonomy::Default();
  const DetectorEnv env{taxonomy, policies_};
  EXPECT_EQ(SuppressionHitDetector::Create({{"lists", "dnc"}}, env).status().code(),
            StatusCode::kInvalidArgument);
  auto detector = SuppressionHitDetector::Create({{"severity", "critical"}}, env);
  ASSERT_TRUE(detector.ok()) << detector.status().ToString();
  EXPECT_EQ((*detector)->Needs(), StateNeed::kSuppression);
  state_.AddSuppression(Entry(SuppressionList::kInternal, added_));
  std::vector<Finding> findings;
  (*detector)->Evaluate(Sms(sent_), state_, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kCritical);
}

}  // namespace
}  // namespace consentry
