#include "alerts/incident.h"

#include <gtest/gtest.h>

#include "core/testing/time.h"

namespace consentry {
namespace {

using testing::At;

Incident Sample() {
  Incident in;
  in.id = "0123456789abcdef";
  in.key = "consent.missing|acme|campaign:spring";
  in.detector = "consent.missing";
  in.tenant = TenantId("acme");
  in.severity = "high";
  in.count = 3;
  in.first_seen = At("2026-03-05T10:00:00Z");
  in.last_seen = At("2026-03-05T11:00:00Z");
  in.state_changed_at = At("2026-03-05T10:00:01Z");
  in.subjects = {{7, 2}, {9, 1}};
  in.channels = {"email", "sms"};
  in.jurisdictions = {"DE"};
  in.samples = {AlertId("a1"), AlertId("a2")};
  return in;
}

TEST(IncidentTest, ActionsFollowTheStateMachineAndClosingNeedsAReason) {
  Incident in = Sample();
  const Timestamp now = At("2026-03-06T09:00:00Z");
  EXPECT_EQ(ApplyAction(in, IncidentAction::kReopen, "", now).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ApplyAction(in, IncidentAction::kAcknowledge, "", now).ok());
  EXPECT_EQ(in.state, IncidentState::kAcknowledged);
  const Status twice = ApplyAction(in, IncidentAction::kAcknowledge, "", now);
  EXPECT_EQ(twice.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(twice.message(), "cannot acknowledge incident 0123456789abcdef: it is acknowledged");
  EXPECT_EQ(ApplyAction(in, IncidentAction::kResolve, " \n", now).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(in.state, IncidentState::kAcknowledged);  // a refused action changes nothing
  ASSERT_TRUE(ApplyAction(in, IncidentAction::kFalsePositive, "test list", now).ok());
  EXPECT_EQ(in.state, IncidentState::kFalsePositive);
  EXPECT_EQ(in.state_reason, "test list");
  EXPECT_EQ(in.state_changed_at, now);
  EXPECT_EQ(ApplyAction(in, IncidentAction::kResolve, "x", now).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ApplyAction(in, IncidentAction::kReopen, "", now).ok());
  EXPECT_EQ(in.state, IncidentState::kOpen);
  EXPECT_EQ(in.state_reason, "");
  // Straight from open to resolved is allowed.
  ASSERT_TRUE(ApplyAction(in, IncidentAction::kResolve, "campaign stopped", now).ok());
  EXPECT_EQ(Name(in.state), "resolved");
}

TEST(IncidentTest, ActionNamesParseAndUnknownOnesAreNamed) {
  EXPECT_EQ(ParseIncidentAction("false_positive").value(), IncidentAction::kFalsePositive);
  const auto bad = ParseIncidentAction("close");
  EXPECT_EQ(bad.status().message(),
            "unknown action 'close'; use acknowledge, resolve, false_positive or reopen");
}

TEST(IncidentTest, StoredFormRoundTripsAndRejectsDamage) {
  const Incident in = Sample();
  const std::string bytes = EncodeIncident(in);
  auto back = DecodeIncident(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(EncodeIncident(*back), bytes);
  EXPECT_EQ(back->subjects, in.subjects);
  EXPECT_EQ(back->affected_subjects(), 2);
  EXPECT_EQ(back->samples, in.samples);
  EXPECT_EQ(back->channels, in.channels);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_EQ(DecodeIncident(bytes.substr(0, cut)).status().code(), StatusCode::kDataLoss) << cut;
  }
  EXPECT_FALSE(DecodeIncident(bytes + "x").ok());
  std::string bad_version = bytes;
  bad_version[0] = 3;
  EXPECT_FALSE(DecodeIncident(bad_version).ok());
}

TEST(IncidentTest, HandlingTimesAreKeptAndStoredAndOldValuesReadWithoutThem) {
  Incident in = Sample();
  const Timestamp opened = ParseRfc3339("2026-03-05T10:00:00Z").value();
  const Timestamp acked = ParseRfc3339("2026-03-05T10:20:00Z").value();
  const Timestamp closed = ParseRfc3339("2026-03-05T12:00:00Z").value();
  in.opened_at = opened;
  // Version 1, written before the times were kept: the same bytes without the three flags.
  std::string v1 = EncodeIncident(Sample());
  v1 = v1.substr(0, v1.size() - 3);
  v1[0] = 1;
  auto old = DecodeIncident(v1);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_FALSE(old->opened_at || old->acknowledged_at || old->closed_at);

  ASSERT_TRUE(ApplyAction(in, IncidentAction::kAcknowledge, "", acked).ok());
  ASSERT_TRUE(ApplyAction(in, IncidentAction::kResolve, "stopped", closed).ok());
  EXPECT_EQ(in.acknowledged_at, acked);
  EXPECT_EQ(in.closed_at, closed);
  auto back = DecodeIncident(EncodeIncident(in));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->opened_at, opened);
  EXPECT_EQ(back->acknowledged_at, acked);
  EXPECT_EQ(back->closed_at, closed);
  // Reopened: no longer closed; the first acknowledgement stays.
  ASSERT_TRUE(ApplyAction(in, IncidentAction::kReopen, "", closed).ok());
  EXPECT_FALSE(in.closed_at);
  EXPECT_EQ(in.acknowledged_at, acked);
}

TEST(IncidentTest, SubjectHashIsOneWayAndStable) {
  // A known answer: the first 64 bits of SHA-256("consentry incident subject\0s-1").
  EXPECT_EQ(SubjectHash(SubjectId("s-1")), 0x905e6b355b1365d7u);
  EXPECT_NE(SubjectHash(SubjectId("s-1")), SubjectHash(SubjectId("s-2")));
}

}  // namespace
}  // namespace consentry
