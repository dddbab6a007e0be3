#include "alerts/alert_decode.h"

#include <gtest/gtest.h>

#include "core/testing/time.h"

namespace consentry {
namespace {

using testing::At;

Alert MessageAlert() {
  Alert a;
  a.alert_id = AlertId("0f0e0d0c0b0a09080706050403020100");
  a.detector = "consent.withdrawn";
  a.rule_version = "2";
  a.severity = "high";
  a.event_id = EventId("e1");
  a.event_time = At("2026-03-05T10:00:00.123456Z");
  a.detected_at = At("2026-03-05T10:00:06Z");
  a.tenant = TenantId("acme");
  a.subject = SubjectId("s1");
  a.channel = "sms";
  a.purpose = "marketing.communications.sms";
  a.campaign_id = CampaignId("spring");
  a.sender_id = SenderId("crm");
  a.jurisdiction = "US-FL";
  a.reason = "Sent 11 business days after \"STOP\".";
  a.evidence_json = R"({"withdrawn_at":"2026-02-01T00:00:00Z","delay_days":11,"share":0.003,"ok":false,"list":[1,2]})";
  a.incident_key = "consent.withdrawn|acme|campaign:spring";
  a.late = true;
  a.config_sha256 = "5f1e0a";
  return a;
}

Alert WindowAlert() {
  Alert a;
  a.alert_id = AlertId("ffeeddccbbaa99887766554433221100");
  a.kind = "retraction";
  a.detector = "sender.velocity";
  a.rule_version = "1";
  a.severity = "medium";
  a.event_time = At("2026-03-05T10:01:00Z");
  a.detected_at = At("2026-03-05T10:01:07Z");
  a.tenant = TenantId("acme");
  a.sender_id = SenderId("crm");
  a.entity = "sender:crm";
  a.window_start = At("2026-03-05T10:00:00Z");
  a.window_end = At("2026-03-05T10:01:00Z");
  a.reason = "5,000 messages in a minute.";
  a.evidence_json = R"({"observed":5000})";
  a.incident_key = "sender.velocity|acme|sender:crm";
  return a;
}

TEST(AlertDecodeTest, ReadsBackWhatToJsonWrote) {
  for (const Alert& a : {MessageAlert(), WindowAlert()}) {
    const std::string json = ToJson(a);
    auto back = DecodeAlert(json);
    ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n" << json;
    EXPECT_EQ(ToJson(*back), json);
    EXPECT_EQ(back->alert_id, a.alert_id);
    EXPECT_EQ(back->kind, a.kind);
    EXPECT_EQ(back->event_time, a.event_time);
    EXPECT_EQ(back->subject, a.subject);
    EXPECT_EQ(back->window_start, a.window_start);
    EXPECT_EQ(back->window_end, a.window_end);
    EXPECT_EQ(back->late, a.late);
    EXPECT_EQ(back->evidence_json, a.evidence_json);
    EXPECT_EQ(back->config_sha256, a.config_sha256);
  }
}

TEST(AlertDecodeTest, RefusesWhatIsNotAnAlertNamingTheFieldNotItsValue) {
  const std::string good = ToJson(MessageAlert());
  const auto error = [](const std::string& json) {
    auto a = DecodeAlert(json);
    return a.ok() ? std::string("accepted") : a.status().message();
  };
  EXPECT_EQ(error("{"), "alert.v1: not valid JSON");
  EXPECT_EQ(error("[1]"), "alert.v1: not a JSON object");
  EXPECT_EQ(error(R"({"schema":"consent.v1"})"), "alert.v1: field 'schema' is not alert.v1");
  std::string no_subject = good;
  no_subject.replace(no_subject.find(R"("subject":"s1",)"), 15, "");
  EXPECT_EQ(error(no_subject), "alert.v1: required field 'subject' is missing or null");
  std::string bad_kind = good;
  bad_kind.replace(bad_kind.find(R"("kind":"alert")"), 14, R"("kind":"page")");
  EXPECT_EQ(error(bad_kind), "alert.v1: field 'kind' must be alert or retraction");
  std::string bad_time = good;
  bad_time.replace(bad_time.find("2026-03-05T10:00:06Z"), 20, "yesterday");
  EXPECT_EQ(error(bad_time), "alert.v1: field 'detected_at' is not an RFC 3339 time");
  std::string numeric_tenant = good;
  numeric_tenant.replace(numeric_tenant.find(R"("tenant":"acme")"), 15, R"("tenant":7)");
  EXPECT_EQ(error(numeric_tenant), "alert.v1: field 'tenant' must be a string");
  std::string bad_evidence = good;
  bad_evidence.replace(bad_evidence.find(R"("evidence":{)"), 12, R"("evidence":[{)");
  bad_evidence.replace(bad_evidence.find("]},"), 3, "]}],");
  EXPECT_EQ(error(bad_evidence), "alert.v1: field 'evidence' must be an object");
  EXPECT_EQ(error(std::string(kMaxAlertBytes + 1, ' ')),
            "alert.v1: a record of 1048577 bytes is over the limit of 1048576");
}

TEST(AlertDecodeTest, UnknownFieldsAreIgnored) {
  std::string json = ToJson(MessageAlert());
  json.insert(1, R"("added_later":{"x":[1,2]},)");
  auto a = DecodeAlert(json);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(ToJson(*a), ToJson(MessageAlert()));
}

}  // namespace
}  // namespace consentry
