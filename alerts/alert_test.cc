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
}

}  // namespace
}  // namespace consentry
