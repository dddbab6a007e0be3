// `consentry explain` as a reviewer uses it: state built by a real `replay`, then the timeline
// and every detector's verdict before a withdrawal, inside its honouring window and after it,
// as text and as JSON; and the errors a person runs into.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "state/store.h"
#include "tests/cli_fixture.h"

namespace consentry {
namespace {

using testing::ProcessResult;
using testing::RunProcess;

// Subject s-1 of tenant acme, in Denmark (the EU policy: withdrawals honoured within 48 hours):
// a grant of email and SMS marketing, an email withdrawal on Wednesday 4 March 2026 at 10:00 UTC
// (so the window closes on Friday 6 March at 10:00), and a STOP reply by SMS on 8 March. A
// do-not-contact entry of another tenant; a campaign declaring SMS only, whose owner is a
// person; another subject's grant, which must not show up.
constexpr const char* kTraffic =
    R"({"schema":"consent.v1","event_id":"c-1","recorded_at":"2026-03-02T09:00:00Z","tenant":"acme","subject":"s-1","action":"grant","channels":["email","sms"],"purposes":["marketing"],"legal_basis":"consent","method":"double_opt_in"})"
    "\n"
    R"({"schema":"consent.v1","event_id":"c-2","recorded_at":"2026-03-04T10:00:00Z","tenant":"acme","subject":"s-1","action":"withdraw","channels":["email"],"purposes":["marketing"]})"
    "\n"
    R"({"schema":"feedback.v1","event_id":"f-1","at":"2026-03-08T08:00:00Z","subject":"s-1","channel":"sms","kind":"stop_reply","tenant":"acme","ref_event_id":"m-9"})"
    "\n"
    R"({"schema":"suppression.v1","subject":"s-1","list":"internal","channels":["sms"],"tenant":"globex","added_at":"2026-02-01T10:00:00Z"})"
    "\n"
    R"({"schema":"campaign.v1","campaign_id":"spring","tenant":"acme","declared_purposes":["marketing.communications.sms"],"channels":["sms"],"valid_from":"2026-01-01T00:00:00Z","owner":"jane.doe@acme.example"})"
    "\n"
    R"({"schema":"consent.v1","event_id":"c-9","recorded_at":"2026-03-02T09:00:00Z","tenant":"acme","subject":"s-other","action":"grant","channels":["email"],"purposes":["marketing"],"legal_basis":"consent"})"
    "\n";

class ExplainTest : public testing::CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    Write("traffic.jsonl", kTraffic);
    const ProcessResult replay = Consentry(
        {"replay", "--config", config_, "--input", Path("traffic.jsonl"), "--alerts-out",
         Path("alerts.jsonl"), "--state-dir", Path("state"), "--now", "2026-12-31T00:00:00Z"});
    ASSERT_EQ(replay.exit_code, 0) << replay.err;
  }
  // explain of s-1 as tenant acme on email in DK at `at`, plus `extra` flags.
  ProcessResult Explain(const std::string& at, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "explain", "--config", config_, "--state-dir",    Path("state"), "--subject",
        "s-1",     "--at",     at,      "--jurisdiction", "DK"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Consentry(args);
  }
  static bool Has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  const std::string config_ = std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml";
};

TEST_F(ExplainTest, TimelineListsEveryDecisionInEventTimeWithFeedbackSources) {
  const ProcessResult r = Explain("2026-03-05T10:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Subject s-1 at 2026-03-05T10:00:00Z")) << r.out;
  EXPECT_TRUE(Has(r.out, "Consent timeline: 3 decisions")) << r.out;
  const size_t grant = r.out.find(
      "2026-03-02T09:00:00Z  acme  grant  channels email,sms  purposes marketing  basis consent  "
      "method double_opt_in  source first_party  expires never  (event c-1)");
  const size_t withdrawal =
      r.out.find("2026-03-04T10:00:00Z  acme  withdraw  channels email  purposes marketing");
  const size_t stop = r.out.find(
      "2026-03-08T08:00:00Z  acme  withdraw  channels sms  purposes marketing  method "
      "sms_keyword  source feedback:stop_reply  (event f-1)  [after the time asked about]");
  ASSERT_NE(grant, std::string::npos) << r.out;
  ASSERT_NE(withdrawal, std::string::npos) << r.out;
  ASSERT_NE(stop, std::string::npos) << r.out;
  EXPECT_LT(grant, withdrawal);
  EXPECT_LT(withdrawal, stop);
  EXPECT_TRUE(Has(r.out,
                  "Do-not-contact entries: 1\n  internal list, tenant globex, channels "
                  "sms: added 2026-02-01T10:00:00Z, not removed"))
      << r.out;
  // Only the subject asked about: another subject's id never appears.
  EXPECT_FALSE(Has(r.out, "s-other")) << r.out;
}

TEST_F(ExplainTest, BeforeTheWithdrawalNoConsentDetectorFires) {
  const ProcessResult r =
      Explain("2026-03-03T12:00:00Z", {"--tenant", "acme", "--channel", "email"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out,
                  "Verdicts for a message at 2026-03-03T12:00:00Z from tenant acme on "
                  "email for marketing.communications.email"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "jurisdiction DK (policy EU, chain DK > EU > default)")) << r.out;
  EXPECT_TRUE(Has(r.out, "consent: needed; granted by decision c-1")) << r.out;
  EXPECT_TRUE(Has(r.out, "consent.missing")) << r.out;
  EXPECT_TRUE(Has(r.out, "consent.withdrawn")) << r.out;
  EXPECT_TRUE(Has(r.out, "suppression.hit")) << r.out;
  EXPECT_FALSE(Has(r.out, "FINDING")) << r.out;
}

TEST_F(ExplainTest, InsideTheHonouringWindowTheWithdrawalIsShownButNotFlagged) {
  const ProcessResult r =
      Explain("2026-03-05T10:00:00Z", {"--tenant", "acme", "--channel", "email"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out,
                  "withdrawn by decision c-2 (withdraw recorded 2026-03-04T10:00:00Z, "
                  "source first_party); inside the honouring window, which closes at "
                  "2026-03-06T10:00:00Z"))
      << r.out;
  EXPECT_FALSE(Has(r.out, "FINDING")) << r.out;
}

TEST_F(ExplainTest, AfterTheWindowConsentWithdrawnFiresWithItsReasonAndEvidence) {
  const ProcessResult r =
      Explain("2026-03-07T12:00:00Z", {"--tenant", "acme", "--channel", "email"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "the honouring window closed at 2026-03-06T10:00:00Z")) << r.out;
  const size_t finding = r.out.find("consent.withdrawn (rule ");
  ASSERT_NE(finding, std::string::npos) << r.out;
  const std::string block = r.out.substr(finding);
  EXPECT_TRUE(Has(block, "FINDING, severity high")) << r.out;
  EXPECT_TRUE(Has(block,
                  "Sent 3 days after the person withdrew consent for "
                  "marketing.communications.email on 2026-03-04T10:00:00Z"))
      << r.out;
  EXPECT_TRUE(Has(block, "      policy: EU\n")) << r.out;
  EXPECT_TRUE(Has(block, "\"event_id\":\"c-2\"")) << r.out;
  // One violation, one finding: no other detector fires.
  EXPECT_EQ(r.out.find("FINDING"), r.out.rfind("FINDING")) << r.out;
}

TEST_F(ExplainTest, JsonCarriesTheTimelineAndEveryVerdictWithEmbeddedEvidence) {
  const ProcessResult r = Explain("2026-03-07T12:00:00Z", {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& j = r.out;
  EXPECT_EQ(j.rfind("{\"subject\":\"s-1\",\"at\":\"2026-03-07T12:00:00Z\",\"tenant\":null,", 0), 0u)
      << j;
  EXPECT_EQ(std::count(j.begin(), j.end(), '\n'), 1) << "one JSON object on one line";
  EXPECT_TRUE(Has(j,
                  "{\"event_id\":\"c-1\",\"recorded_at\":\"2026-03-02T09:00:00Z\","
                  "\"tenant\":\"acme\",\"action\":\"grant\""))
      << j;
  EXPECT_TRUE(Has(j, "\"source\":\"feedback:stop_reply\"")) << j;
  EXPECT_TRUE(Has(j, "\"after_at\":true")) << j;
  EXPECT_TRUE(Has(j, "\"suppressions\":[{\"list\":\"internal\",\"tenant\":\"globex\"")) << j;
  // No tenant given: every tenant the subject's state names, on every channel acme's decisions
  // name (email, sms); globex has no decisions, so email.
  EXPECT_TRUE(Has(j,
                  "\"tenant\":\"acme\",\"channel\":\"email\",\"purpose\":"
                  "\"marketing.communications.email\""))
      << j;
  EXPECT_TRUE(Has(j,
                  "\"tenant\":\"acme\",\"channel\":\"sms\",\"purpose\":"
                  "\"marketing.communications.sms\""))
      << j;
  EXPECT_TRUE(Has(j, "\"tenant\":\"globex\",\"channel\":\"email\"")) << j;
  EXPECT_TRUE(Has(j, "\"detector\":\"consent.withdrawn\",\"rule_version\":")) << j;
  EXPECT_TRUE(Has(j,
                  "\"verdict\":\"finding\",\"findings\":[{\"severity\":\"high\",\"reason\":"
                  "\"Sent 3 days after"))
      << j;
  EXPECT_TRUE(Has(j, "\"evidence\":{\"policy\":\"EU\"")) << j;
  EXPECT_TRUE(Has(j, "\"verdict\":\"no_finding\",\"findings\":[]")) << j;
  EXPECT_TRUE(Has(j, "\"standing\":\"withdrawn\"")) << j;
  EXPECT_TRUE(Has(j, "\"withdrawal_deadline\":\"2026-03-06T10:00:00Z\",\"inside_window\":false"))
      << j;
  EXPECT_FALSE(Has(j, "s-other")) << j;
}

TEST_F(ExplainTest, CampaignVersionsAreShownAndNoOwnerIsPrinted) {
  const std::vector<std::string> flags = {"--tenant", "acme",       "--channel",
                                          "email",    "--campaign", "spring"};
  ProcessResult r = Explain("2026-03-03T12:00:00Z", flags);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out,
                  "Campaign spring: 1 declaration version\n  valid from "
                  "2026-01-01T00:00:00Z to open: tenant acme  purposes "
                  "marketing.communications.sms  channels sms"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "[in force at the time asked about]")) << r.out;
  // An email message under an SMS-only campaign: purpose.mismatch quotes the declaration.
  const size_t mismatch = r.out.find("purpose.mismatch (rule ");
  ASSERT_NE(mismatch, std::string::npos) << r.out;
  EXPECT_TRUE(Has(r.out.substr(mismatch), "FINDING")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"declared_purposes\":[\"marketing.communications.sms\"]")) << r.out;
  EXPECT_FALSE(Has(r.out, "jane")) << r.out;

  std::vector<std::string> json_flags = flags;
  json_flags.push_back("--json");
  r = Explain("2026-03-03T12:00:00Z", json_flags);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"campaign\":{\"campaign_id\":\"spring\",\"declared\":true,")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"in_force_at\":true")) << r.out;
  EXPECT_TRUE(Has(r.out,
                  "\"detector\":\"purpose.mismatch\",\"rule_version\":\"1\","
                  "\"verdict\":\"finding\""))
      << r.out;
  EXPECT_FALSE(Has(r.out, "jane")) << r.out;
}

TEST_F(ExplainTest, UnknownSubjectIsAnEmptyTimelineNotAnError) {
  auto r = Consentry({"explain", "--config", config_, "--state-dir", Path("state"), "--subject",
                      "nobody", "--at", "2026-03-05T10:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "no decisions recorded for this subject")) << r.out;
  EXPECT_TRUE(Has(r.out, "Pass --tenant")) << r.out;
  // With a tenant, the verdicts: nothing covers the message.
  r = Consentry({"explain", "--config", config_, "--state-dir", Path("state"), "--subject",
                 "nobody", "--at", "2026-03-05T10:00:00Z", "--tenant", "acme", "--jurisdiction",
                 "DK"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "consent: needed; no decision of tenant acme covers it")) << r.out;
  EXPECT_TRUE(Has(r.out, "FINDING, severity high")) << r.out;
}

TEST_F(ExplainTest, UsageErrorsExitTwoWithTheUsage) {
  auto r = Explain("yesterday");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--at must be an RFC 3339 time")) << r.err;
  EXPECT_TRUE(Has(r.err, "usage: consentry explain")) << r.err;

  r = Consentry({"explain", "--config", config_, "--at", "2026-03-05T10:00:00Z"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "missing required flag --subject")) << r.err;

  r = Explain("2026-03-05T10:00:00Z", {"--channel", "fax"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err,
                  "--channel must be one of email, sms, mms, push, voice, whatsapp, "
                  "letter, in_app, not 'fax'"))
      << r.err;
}

// The subject access view: s-1's messages of March as the job judged them, each with the rules it
// broke and the consent basis it went out on; not another subject's, not April's.
TEST_F(ExplainTest, SubjectAccessListsEveryMessageJudgedWithItsAlertsAndBasis) {
  const auto message = [](const std::string& id, const std::string& subject,
                          const std::string& at) {
    return R"({"schema":"outbound.v1","event_id":")" + id + R"(","sent_at":")" + at +
           R"(","tenant":"acme","subject":")" + subject +
           R"(","channel":"email","purpose":"marketing.communications.email","sender_id":"crm",)"
           R"("jurisdiction":"DK","content":{"has_unsubscribe":true}})" + "\n";
  };
  Write("access.jsonl", std::string(kTraffic) + message("m-1", "s-1", "2026-03-03T10:00:00Z") +
                            message("m-2", "s-1", "2026-03-05T09:00:00Z") +
                            message("m-3", "s-1", "2026-03-07T10:00:00Z") +
                            message("m-4", "s-other", "2026-03-07T10:00:00Z") +
                            message("m-5", "s-1", "2026-04-01T10:00:00Z"));
  const ProcessResult replay = Consentry(
      {"replay", "--config", config_, "--input", Path("access.jsonl"), "--alerts-out",
       Path("access-alerts.jsonl"), "--state-dir", Path("access"), "--now", "2026-12-31T00:00:00Z"});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const std::vector<std::string> base = {"explain", "--config",  config_,      "--state-dir",
                                         Path("access"), "--subject", "s-1",  "--tenant",
                                         "acme",    "--from",    "2026-03-01", "--to",
                                         "2026-03-31"};
  const ProcessResult text = Consentry(base);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Has(text.out, "3 messages judged")) << text.out;
  EXPECT_TRUE(Has(text.out, "(event m-1)")) << text.out;
  EXPECT_FALSE(Has(text.out, "m-4")) << text.out;
  EXPECT_FALSE(Has(text.out, "m-5")) << text.out;
  EXPECT_TRUE(Has(text.out, "basis: consent needed; granted by decision c-1")) << text.out;
  EXPECT_TRUE(Has(text.out, "inside the honouring window")) << text.out;
  EXPECT_TRUE(Has(text.out, "alerts: consent.withdrawn (rule v")) << text.out;

  std::vector<std::string> json_args = base;
  json_args.push_back("--json");
  const ProcessResult json = Consentry(json_args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  // The messages in order, each with its basis and alerts; the alerts equal the replay's.
  const size_t m1 = json.out.find(R"("event_id":"m-1")");
  const size_t m2 = json.out.find(R"("event_id":"m-2")");
  const size_t m3 = json.out.find(R"("event_id":"m-3")");
  ASSERT_TRUE(m1 != std::string::npos && m1 < m2 && m2 < m3) << json.out;
  EXPECT_TRUE(Has(json.out.substr(m1, m2 - m1), R"("standing":"granted")")) << json.out;
  EXPECT_TRUE(Has(json.out.substr(m1, m2 - m1), R"("alerts":[])")) << json.out;
  EXPECT_TRUE(Has(json.out.substr(m2, m3 - m2), R"("standing":"withdrawn")")) << json.out;
  EXPECT_TRUE(Has(json.out.substr(m3), R"("alerts":[{"detector":"consent.withdrawn")"))
      << json.out;
  const std::string alerts = testing::ReadFile(Path("access-alerts.jsonl"));
  EXPECT_TRUE(Has(alerts, R"("detector":"consent.withdrawn")") && Has(alerts, R"("event_id":"m-3")"))
      << alerts;

  // --at and the period do not mix; both ends are needed.
  std::vector<std::string> mixed = base;
  mixed.insert(mixed.end(), {"--at", "2026-03-05T10:00:00Z"});
  EXPECT_EQ(Consentry(mixed).exit_code, 2);
  const ProcessResult half = Consentry({"explain", "--config", config_, "--state-dir",
                                        Path("access"), "--subject", "s-1", "--from",
                                        "2026-03-01"});
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_TRUE(Has(half.err, "needs both --from and --to")) << half.err;
}

TEST_F(ExplainTest, MissingStateDirectoryIsNamed) {
  auto r = Consentry({"explain", "--config", config_, "--state-dir", Path("no-such-dir"),
                      "--subject", "s-1", "--at", "2026-03-05T10:00:00Z"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "state directory " + Path("no-such-dir") + " does not exist")) << r.err;
}

TEST_F(ExplainTest, RunsBesideAWriterThatHoldsTheLock) {
  // This test process opens the state for writing, as a live `run` does, and so holds its
  // RocksDB lock for the whole test: a second writer is refused, explain is not.
  auto writer = Store::Open(Path("state"), StoreOptions{});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  const ProcessResult second = Consentry(
      {"replay", "--config", config_, "--input", Path("traffic.jsonl"), "--alerts-out",
       Path("again.jsonl"), "--state-dir", Path("state"), "--now", "2026-12-31T00:00:00Z"});
  EXPECT_NE(second.exit_code, 0) << "a second writer must not get the lock";

  const ProcessResult r = Explain("2026-03-05T10:00:00Z", {"--tenant", "acme"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "(event c-1)")) << r.out;

  // The writer carries on.
  StoreBatch batch;
  batch.PutInputOffset("comms.outbound", 0, 1);
  EXPECT_TRUE((*writer)->Write(batch).ok());
}

}  // namespace
}  // namespace consentry
