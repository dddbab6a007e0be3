#include "alerts/alert.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(AlertTest, IdIsDeterministicAndDependsOnEveryPart) {
  const AlertId a = MakeAlertId("consent.missing", "1", EventId("e1"));
  EXPECT_EQ(a, MakeAlertId("consent.missing", "1", EventId("e1")));
  EXPECT_EQ(a.value().size(), 32u);
  EXPECT_NE(a, MakeAlertId("consent.missing", "2", EventId("e1")));
  EXPECT_NE(a, MakeAlertId("consent.withdrawn", "1", EventId("e1")));
  EXPECT_NE(a, MakeAlertId("consent.missing", "1", EventId("e2")));
  // The separator keeps ("a","bc") apart from ("ab","c").
  EXPECT_NE(MakeAlertId("a", "bc", EventId("x")), MakeAlertId("ab", "c", EventId("x")));
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
