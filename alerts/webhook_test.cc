#include "alerts/webhook.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(WebhookTest, SignatureFollowsStandardWebhooks) {
  // Known answer computed with Python's hmac over "msg_1.1700000000.{"a":1}".
  EXPECT_EQ(SignWebhook("whsec_Y29uc2VudHJ5LXRlc3Qta2V5", "msg_1", 1700000000, R"({"a":1})")
                .value(),
            "v1,J6xpbHBpuo4cjXIogIfGieHx5lUqQQEtAF535oLVMMk=");
  EXPECT_EQ(SignWebhook("Y29uc2VudHJ5LXRlc3Qta2V5", "m", 1, "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SignWebhook("whsec_***", "m", 1, "").status().code(), StatusCode::kInvalidArgument);
}

TEST(WebhookTest, MessageCarriesTheIncidentAndAChatLine) {
  Incident in;
  in.id = "0123456789abcdef";
  in.key = "consent.missing|acme|campaign:spring";
  in.detector = "consent.missing";
  in.tenant = TenantId("acme");
  in.severity = "high";
  in.count = 120;
  in.subjects = {{1, 100}, {2, 20}};
  const Timestamp now = ParseRfc3339("2026-03-05T10:00:00Z").value();
  const WebhookMessage m = MakeWebhookMessage(
      IncidentNotice{IncidentNotice::Kind::kEscalated, in.id, 120, false}, in, 42, now);
  EXPECT_EQ(m.id, "msg_0123456789abcdef_42");
  EXPECT_EQ(m.seq, 42);
  EXPECT_EQ(m.next_attempt, now);
  EXPECT_TRUE(m.body.starts_with(
      R"({"type":"incident.escalated","timestamp":"2026-03-05T10:00:00Z","data":{"id":"0123456789abcdef",)"))
      << m.body;
  EXPECT_NE(m.body.find(R"("text":"consentry: incident escalated: consent.missing for acme )"
                        R"((campaign:spring), 120 alerts, 2 subjects, severity high. Incident )"
                        R"(0123456789abcdef."})"),
            std::string::npos)
      << m.body;
  EXPECT_EQ(m.body.find("subjects\":{"), std::string::npos);  // no subject hashes
  const WebhookMessage back = DecodeWebhookMessage(EncodeWebhookMessage(m)).value();
  EXPECT_EQ(back.id, m.id);
  EXPECT_EQ(back.body, m.body);
  EXPECT_FALSE(DecodeWebhookMessage("\x01").ok());
}

TEST(WebhookTest, BackoffDoublesWithJitterUpToAnHour) {
  using std::chrono::seconds;
  EXPECT_EQ(WebhookBackoff(1, 1.0), seconds(1));
  EXPECT_EQ(WebhookBackoff(1, 0.0), std::chrono::milliseconds(500));
  EXPECT_EQ(WebhookBackoff(4, 1.0), seconds(8));
  EXPECT_EQ(WebhookBackoff(30, 1.0), seconds(3600));
  EXPECT_EQ(WebhookBackoff(30, 0.0), seconds(1800));
}

}  // namespace
}  // namespace consentry
