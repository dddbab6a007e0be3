#include "alerts/alert.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(AlertTest, IdIsDeterministicAndDependsOnEveryPart) {
  const TenantId acme("acme");
  const AlertId a = MakeAlertId("consent.missing", "1", acme, EventId("e1"));
  EXPECT_EQ(a, MakeAlertId("consent.missing", "1", acme, EventId("e1")));
  EXPECT_EQ(a.value().size(), 32u);
  EXPECT_NE(a, MakeAlertId("consent.missing", "2", acme, EventId("e1")));
  EXPECT_NE(a, MakeAlertId("consent.withdrawn", "1", acme, EventId("e1")));
  EXPECT_NE(a, MakeAlertId("consent.missing", "1", acme, EventId("e2")));
  // Event ids are unique per tenant only: another tenant's "e1" is another alert.
  EXPECT_NE(a, MakeAlertId("consent.missing", "1", TenantId("globex"), EventId("e1")));
  // The separator keeps ("a","bc") apart from ("ab","c").
  EXPECT_NE(MakeAlertId("a", "bc", acme, EventId("x")), MakeAlertId("ab", "c", acme, EventId("x")));
}

// Consumers deduplicate on alert_id: changing its formula must break this test. The expected
// value is the first 32 hex digits of
//   printf 'consent.missing\0002\000acme\000msg-1' | sha256sum
TEST(AlertTest, IdMatchesKnownAnswer) {
  EXPECT_EQ(MakeAlertId("consent.missing", "2", TenantId("acme"), EventId("msg-1")).value(),
            "d3874a46ea92a1431df421a0b5c088c0");
}

// The same for window alerts:
//   printf 'sender.velocity\0001\000acme\000sender:hijack-1\0002026-03-05T10:01:00Z' | sha256sum
TEST(AlertTest, WindowIdMatchesKnownAnswer) {
  const Timestamp start = FromMicros(1772704860LL * 1000000);  // 2026-03-05T10:01:00Z
  EXPECT_EQ(MakeWindowAlertId("sender.velocity", "1", TenantId("acme"), "sender:hijack-1", start)
                .value(),
            "2c04022e2ad8be7bb2cec4de0ce80fd7");
  EXPECT_NE(MakeWindowAlertId("sender.velocity", "1", TenantId("acme"), "sender:hijack-1",
                              start + std::chrono::minutes(1)),
            MakeWindowAlertId("sender.velocity", "1", TenantId("acme"), "sender:hijack-1", start));
}

TEST(AlertTest, IncidentKeyPrefersCampaign) {
  EXPECT_EQ(MakeIncidentKey("d", TenantId("t"), CampaignId("c"), SenderId("s")), "d|t|campaign:c");
  EXPECT_EQ(MakeIncidentKey("d", TenantId("t"), CampaignId(), SenderId("s")), "d|t|sender:s");
}

TEST(AlertTest, JsonCarriesEveryField) {
  Alert a;
  a.alert_id = AlertId("abc");
  a.detector = "consent.missing";
  a.rule_version = "1";
  a.severity = "high";
  a.event_id = EventId("e1");
  a.event_time = FromMicros(0);
  a.detected_at = FromMicros(1000000);
  a.tenant = TenantId("acme");
  a.subject = SubjectId("s1");
  a.channel = "sms";
  a.purpose = "marketing.communications.sms";
  a.sender_id = SenderId("crm");
  a.reason = "No \"consent\".";
  a.evidence_json = R"({"k":1})";
  a.incident_key = "consent.missing|acme|sender:crm";
  EXPECT_EQ(ToJson(a),
            R"({"schema":"alert.v1","alert_id":"abc","kind":"alert","detector":"consent.missing",)"
            R"("rule_version":"1","severity":"high","event_id":"e1",)"
            R"("event_time":"1970-01-01T00:00:00Z","detected_at":"1970-01-01T00:00:01Z",)"
            R"("tenant":"acme","subject":"s1","channel":"sms",)"
            R"("purpose":"marketing.communications.sms","sender_id":"crm",)"
            R"("reason":"No \"consent\".","evidence":{"k":1},)"
            R"("incident_key":"consent.missing|acme|sender:crm"})");
  a.config_sha256 = "5f1e0a";
  EXPECT_TRUE(ToJson(a).ends_with(
      R"("incident_key":"consent.missing|acme|sender:crm","config_sha256":"5f1e0a"})"));
}

TEST(AlertTest, WindowAlertJsonNamesTheWindowNotAMessage) {
  Alert a;
  a.alert_id = AlertId("abc");
  a.detector = "sender.velocity";
  a.rule_version = "1";
  a.severity = "high";
  a.event_time = FromMicros(60000000);
  a.detected_at = FromMicros(61000000);
  a.tenant = TenantId("acme");
  a.sender_id = SenderId("hijack-1");
  a.reason = "Burst.";
  a.entity = "sender:hijack-1";
  a.window_start = FromMicros(0);
  a.window_end = FromMicros(60000000);
  a.incident_key = "k";
  EXPECT_EQ(ToJson(a),
            R"({"schema":"alert.v1","alert_id":"abc","kind":"alert","detector":"sender.velocity",)"
            R"("rule_version":"1","severity":"high","event_time":"1970-01-01T00:01:00Z",)"
            R"("detected_at":"1970-01-01T00:01:01Z","tenant":"acme","sender_id":"hijack-1",)"
            R"("entity":"sender:hijack-1","window_start":"1970-01-01T00:00:00Z",)"
            R"("window_end":"1970-01-01T00:01:00Z","reason":"Burst.","evidence":{},)"
            R"("incident_key":"k"})");
}

}  // namespace
}  // namespace consentry
