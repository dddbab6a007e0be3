// feedback.v1 through the public Decoder (ingest/schemas/feedback.cc).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/decoder.h"
#include "ingest/decoder_test_util.h"

namespace consentry::decoder_testing {
namespace {

// Every optional field set.
constexpr std::string_view kFeedback = R"({
  "schema": "feedback.v1",
  "event_id": "fb-1",
  "at": "2026-03-02T10:15:00.5+01:00",
  "subject": "subj-42",
  "channel": "sms",
  "kind": "stop_reply",
  "ref_event_id": "evt-1",
  "sender_id": "crm-7",
  "campaign_id": "spring-sale",
  "tenant": "acme"
})";

constexpr std::string_view kComplaintMinimal =
    R"({"schema":"feedback.v1","event_id":"fb-2","at":"2026-03-02T09:00:00Z","subject":"s",)"
    R"("channel":"email","kind":"complaint"})";

TEST_F(DecoderTest, FeedbackMapsEveryField) {
  Decoder decoder;
  const auto ev = DecodeAs<FeedbackEvent>(decoder, kFeedback, kFeedbackSchema);
  EXPECT_EQ(ev.event_id, EventId("fb-1"));
  EXPECT_EQ(ev.at, At("2026-03-02T09:15:00.5Z"));
  EXPECT_EQ(ev.subject, SubjectId("subj-42"));
  EXPECT_EQ(ev.channel, Channel::kSms);
  EXPECT_EQ(ev.kind, FeedbackKind::kStopReply);
  EXPECT_EQ(ev.ref_event_id, EventId("evt-1"));
  EXPECT_EQ(ev.sender_id, SenderId("crm-7"));
  EXPECT_EQ(ev.campaign_id, CampaignId("spring-sale"));
  EXPECT_EQ(ev.tenant, TenantId("acme"));
}

TEST_F(DecoderTest, FeedbackComplaintNeedsNoTenant) {
  Decoder decoder;
  const auto ev = DecodeAs<FeedbackEvent>(decoder, kComplaintMinimal);
  EXPECT_EQ(ev.kind, FeedbackKind::kComplaint);
  EXPECT_EQ(ev.channel, Channel::kEmail);
  EXPECT_TRUE(ev.ref_event_id.empty());
  EXPECT_TRUE(ev.sender_id.empty());
  EXPECT_TRUE(ev.campaign_id.empty());
  EXPECT_TRUE(ev.tenant.empty());
}

TEST_F(DecoderTest, FeedbackBounceNeedsNoTenant) {
  Decoder decoder;
  EXPECT_EQ(DecodeAs<FeedbackEvent>(decoder, Replace(kComplaintMinimal, "complaint", "bounce"))
                .kind,
            FeedbackKind::kBounce);
}

TEST_F(DecoderTest, FeedbackEveryKindDecodes) {
  Decoder decoder;
  const std::pair<std::string_view, FeedbackKind> kinds[] = {
      {"complaint", FeedbackKind::kComplaint},
      {"bounce", FeedbackKind::kBounce},
      {"stop_reply", FeedbackKind::kStopReply},
      {"unsubscribe_click", FeedbackKind::kUnsubscribeClick}};
  for (const auto& [word, kind] : kinds) {
    EXPECT_EQ(DecodeAs<FeedbackEvent>(decoder, Replace(kFeedback, "stop_reply", word)).kind, kind)
        << word;
  }
}

TEST_F(DecoderTest, FeedbackUnsubscribeClickWithTenant) {
  Decoder decoder;
  const auto ev = DecodeAs<FeedbackEvent>(
      decoder, Replace(Replace(kFeedback, "stop_reply", "unsubscribe_click"), R"("sms")",
                       R"("email")"));
  EXPECT_EQ(ev.kind, FeedbackKind::kUnsubscribeClick);
  EXPECT_EQ(ev.channel, Channel::kEmail);
  EXPECT_EQ(ev.tenant, TenantId("acme"));
}

TEST_F(DecoderTest, FeedbackNullOptionalFieldsCountAsAbsent) {
  Decoder decoder;
  std::string record = Replace(kFeedback, R"("evt-1")", "null");
  record = Replace(record, R"("crm-7")", "null");
  record = Replace(record, R"("spring-sale")", "null");
  record = Replace(record, "stop_reply", "bounce");
  record = Replace(record, R"("acme")", "null");
  const auto ev = DecodeAs<FeedbackEvent>(decoder, record);
  EXPECT_TRUE(ev.ref_event_id.empty());
  EXPECT_TRUE(ev.sender_id.empty());
  EXPECT_TRUE(ev.campaign_id.empty());
  EXPECT_TRUE(ev.tenant.empty());
}

TEST_F(DecoderTest, FeedbackUnknownFieldsAreIgnored) {
  Decoder decoder;
  const auto ev = DecodeAs<FeedbackEvent>(
      decoder, Replace(kFeedback, R"("tenant": "acme")",
                       R"("tenant": "acme", "keyword": "STOP", "x": {"y": [1]}, "x": 2)"));
  EXPECT_EQ(ev.tenant, TenantId("acme"));
}

TEST_F(DecoderTest, FeedbackWithdrawalWithoutTenantSaysWhy) {
  Decoder decoder;
  const DecodeError error =
      DecodeFails(decoder, Replace(kFeedback, R"(,
  "tenant": "acme")", ""));
  EXPECT_EQ(error.code, "missing_field");
  EXPECT_EQ(error.message,
            "required field 'tenant' is missing or null: kind stop_reply is a withdrawal of "
            "marketing for one tenant, so it must name that tenant");
}

std::vector<BadCase> FeedbackBadCases() {
  const std::string f(kFeedback);
  const std::string unsubscribe = Replace(f, "stop_reply", "unsubscribe_click");
  const std::string no_tenant = Replace(f, R"(,
  "tenant": "acme")", "");
  return {
      {"FeedbackMissingEventId", Replace(f, R"("event_id": "fb-1",)", ""), "missing_field",
       "'event_id'"},
      {"FeedbackMissingAt", Replace(f, R"("at": "2026-03-02T10:15:00.5+01:00",)", ""),
       "missing_field", "'at'"},
      {"FeedbackMissingSubject", Replace(f, R"("subject": "subj-42",)", ""), "missing_field",
       "'subject'"},
      {"FeedbackMissingChannel", Replace(f, R"("channel": "sms",)", ""), "missing_field",
       "'channel'"},
      {"FeedbackMissingKind", Replace(f, R"("kind": "stop_reply",)", ""), "missing_field",
       "'kind'"},
      {"FeedbackNullEventId", Replace(f, R"("fb-1")", "null"), "missing_field", "'event_id'"},
      {"FeedbackNullKind", Replace(f, R"("stop_reply")", "null"), "missing_field", "'kind'"},
      {"FeedbackEmptyEventId", Replace(f, R"("fb-1")", R"("")"), "bad_value", "'event_id'"},
      {"FeedbackEmptySubject", Replace(f, R"("subj-42")", R"("")"), "bad_value", "'subject'"},
      {"FeedbackUnknownKind", Replace(f, "stop_reply", "angry_reply"), "bad_enum",
       "is not one of complaint, bounce, stop_reply, unsubscribe_click", "angry_reply"},
      {"FeedbackUppercaseKind", Replace(f, "stop_reply", "STOP_REPLY"), "bad_enum", "'kind'",
       "STOP_REPLY"},
      {"FeedbackUnknownChannel", Replace(f, R"("sms")", R"("pager")"), "bad_enum",
       "'channel' is not one of email, sms, mms, push, voice, whatsapp, letter, in_app",
       "pager"},
      {"FeedbackStarChannel", Replace(f, R"("sms")", R"("*")"), "bad_enum", "'channel'"},
      {"FeedbackChannelList", Replace(f, R"("sms")", R"(["sms"])"), "wrong_type", "'channel'"},
      {"FeedbackKindAsNumber", Replace(f, R"("stop_reply")", "2"), "wrong_type", "'kind'"},
      {"FeedbackTenantAsNumber", Replace(f, R"("acme")", "7"), "wrong_type", "'tenant'"},
      {"FeedbackRefEventIdAsObject", Replace(f, R"("evt-1")", R"({"id":"evt-1"})"), "wrong_type",
       "'ref_event_id'", "evt-1"},
      {"FeedbackBadAt", Replace(f, "2026-03-02T10:15:00.5+01:00", "2026-03-02 10:15"),
       "bad_timestamp", "'at'", "10:15"},
      {"FeedbackAtWithoutOffset", Replace(f, "2026-03-02T10:15:00.5+01:00",
                                          "2026-03-02T10:15:00"),
       "bad_timestamp", "'at'"},
      {"FeedbackAtPastYear9999", Replace(f, "2026-03-02T10:15:00.5+01:00",
                                         "9999-12-31T23:59:59-00:30"),
       "bad_timestamp", "'at' is outside the years 0000 to 9999"},
      {"FeedbackAtAsNumber", Replace(f, R"("2026-03-02T10:15:00.5+01:00")", "1772442900"),
       "wrong_type", "'at'"},
      {"StopReplyWithoutTenant", no_tenant, "missing_field",
       "'tenant' is missing or null: kind stop_reply is a withdrawal of marketing for one "
       "tenant"},
      {"StopReplyWithNullTenant", Replace(f, R"("acme")", "null"), "missing_field",
       "kind stop_reply is a withdrawal"},
      {"StopReplyWithEmptyTenant", Replace(f, R"("acme")", R"("")"), "bad_value",
       "field 'tenant' must not be empty: kind stop_reply is a withdrawal"},
      {"UnsubscribeClickWithoutTenant", Replace(no_tenant, "stop_reply", "unsubscribe_click"),
       "missing_field", "kind unsubscribe_click is a withdrawal of marketing for one tenant"},
      {"UnsubscribeClickWithNullTenant", Replace(unsubscribe, R"("acme")", "null"),
       "missing_field", "'tenant'"},
      {"FeedbackControlCharacterInSubject", Replace(f, "subj-42", R"(subj\u001f42)"),
       "bad_value", "'subject' contains a control character"},
      {"FeedbackControlCharacterInTenant", Replace(f, R"("acme")", R"("ac\u007fme")"),
       "bad_value", "'tenant' contains a control character"},
      {"FeedbackRawNul", Replace(f, "crm-7", std::string("crm\0-7", 6)), "bad_json",
       "control character"},
      {"FeedbackInvalidUtf8", Replace(f, "subj-42", "subj-\xe2\x82"), "bad_utf8", "UTF-8"},
      {"FeedbackDuplicateKind", Replace(f, R"("kind": "stop_reply",)",
                                        R"("kind": "stop_reply", "kind": "complaint",)"),
       "duplicate_field", "'kind'"},
      {"FeedbackDuplicateTenant", Replace(f, R"("tenant": "acme")",
                                          R"("tenant": "acme", "tenant": "other")"),
       "duplicate_field", "'tenant'", "other"},
      {"FeedbackDuplicateNullTenant", Replace(f, R"("tenant": "acme")",
                                              R"("tenant": null, "tenant": "acme")"),
       "duplicate_field", "'tenant'"},
      {"FeedbackOverlongSenderId", Replace(f, "crm-7", std::string(4097, 'c')), "oversize",
       "'sender_id'", "cccc"},
      {"FeedbackOnOutboundTopic", f, "schema_mismatch",
       "feedback.v1 but this input expects outbound.v1", "", "outbound.v1"},
  };
}

INSTANTIATE_TEST_SUITE_P(FeedbackBadInput, DecoderTest, ::testing::ValuesIn(FeedbackBadCases()),
                         CaseName);

}  // namespace
}  // namespace consentry::decoder_testing
