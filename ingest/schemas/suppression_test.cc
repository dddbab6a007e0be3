// suppression.v1 through the public Decoder (ingest/schemas/suppression.cc).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/decoder.h"
#include "ingest/decoder_test_util.h"

namespace consentry::decoder_testing {
namespace {

// Every optional field set.
constexpr std::string_view kSuppression = R"({
  "schema": "suppression.v1",
  "subject": "subj-42",
  "list": "legal_hold",
  "channels": ["voice", "sms"],
  "added_at": "2026-01-10T08:00:00-05:00",
  "removed_at": "2026-02-10T08:00:00Z",
  "tenant": "acme"
})";

constexpr std::string_view kSuppressionMinimal =
    R"({"schema":"suppression.v1","subject":"s","list":"dnc","added_at":"2026-01-01T00:00:00Z"})";

TEST_F(DecoderTest, SuppressionMapsEveryField) {
  Decoder decoder;
  const auto ev = DecodeAs<SuppressionEvent>(decoder, kSuppression, kSuppressionSchema);
  EXPECT_EQ(ev.subject, SubjectId("subj-42"));
  EXPECT_EQ(ev.list, SuppressionList::kLegalHold);
  ASSERT_TRUE(ev.channels.has_value());
  EXPECT_FALSE(ev.channels->all);
  EXPECT_EQ(ev.channels->channels, (std::vector<Channel>{Channel::kVoice, Channel::kSms}));
  EXPECT_EQ(ev.added_at, At("2026-01-10T13:00:00Z"));
  EXPECT_EQ(ev.removed_at, At("2026-02-10T08:00:00Z"));
  EXPECT_EQ(ev.tenant, TenantId("acme"));
  EXPECT_EQ(ev.EventTime(), At("2026-01-10T13:00:00Z"));  // the earliest time it can matter
}

TEST_F(DecoderTest, SuppressionWithOnlyRequiredFieldsAppliesEverywhere) {
  Decoder decoder;
  const auto ev = DecodeAs<SuppressionEvent>(decoder, kSuppressionMinimal);
  EXPECT_EQ(ev.list, SuppressionList::kDnc);
  EXPECT_FALSE(ev.channels.has_value());  // every channel
  EXPECT_TRUE(ev.tenant.empty());         // every tenant
  EXPECT_FALSE(ev.removed_at.has_value());
  EXPECT_EQ(ev.EventTime(), At("2026-01-01T00:00:00Z"));
}

TEST_F(DecoderTest, SuppressionStarMeansAllChannels) {
  Decoder decoder;
  const auto ev = DecodeAs<SuppressionEvent>(
      decoder, Replace(kSuppression, R"(["voice", "sms"])", R"(["*"])"));
  ASSERT_TRUE(ev.channels.has_value());
  EXPECT_TRUE(ev.channels->all);
  EXPECT_TRUE(ev.channels->Contains(Channel::kLetter));
}

TEST_F(DecoderTest, SuppressionRepeatedChannelsAreListedOnce) {
  Decoder decoder;
  const auto ev = DecodeAs<SuppressionEvent>(
      decoder, Replace(kSuppression, R"(["voice", "sms"])", R"(["sms", "voice", "sms"])"));
  EXPECT_EQ(ev.channels->channels, (std::vector<Channel>{Channel::kSms, Channel::kVoice}));
}

TEST_F(DecoderTest, SuppressionEveryListDecodes) {
  Decoder decoder;
  const std::pair<std::string_view, SuppressionList> lists[] = {
      {"dnc", SuppressionList::kDnc},
      {"internal", SuppressionList::kInternal},
      {"legal_hold", SuppressionList::kLegalHold},
      {"complaint", SuppressionList::kComplaint}};
  for (const auto& [word, list] : lists) {
    EXPECT_EQ(DecodeAs<SuppressionEvent>(decoder, Replace(kSuppression, "legal_hold", word)).list,
              list)
        << word;
  }
}

TEST_F(DecoderTest, SuppressionNullOptionalFieldsCountAsAbsent) {
  Decoder decoder;
  std::string record = Replace(kSuppression, R"(["voice", "sms"])", "null");
  record = Replace(record, R"("2026-02-10T08:00:00Z")", "null");
  record = Replace(record, R"("acme")", "null");
  const auto ev = DecodeAs<SuppressionEvent>(decoder, record);
  EXPECT_FALSE(ev.channels.has_value());
  EXPECT_FALSE(ev.removed_at.has_value());
  EXPECT_TRUE(ev.tenant.empty());
}

TEST_F(DecoderTest, SuppressionRemovedAtTheSameInstantIsAccepted) {
  Decoder decoder;
  // Same instant written with two offsets: an entry that was never in force, but not a
  // contradiction.
  const auto ev = DecodeAs<SuppressionEvent>(
      decoder, Replace(kSuppression, "2026-02-10T08:00:00Z", "2026-01-10T14:00:00+01:00"));
  EXPECT_EQ(ev.removed_at, ev.added_at);
}

std::vector<BadCase> SuppressionBadCases() {
  const std::string s(kSuppression);
  return {
      {"SuppressionMissingSubject", Replace(s, R"("subject": "subj-42",)", ""), "missing_field",
       "'subject'"},
      {"SuppressionMissingList", Replace(s, R"("list": "legal_hold",)", ""), "missing_field",
       "'list'"},
      {"SuppressionMissingAddedAt", Replace(s, R"("added_at": "2026-01-10T08:00:00-05:00",)", ""),
       "missing_field", "'added_at'"},
      {"SuppressionNullSubject", Replace(s, R"("subj-42")", "null"), "missing_field",
       "'subject'"},
      {"SuppressionNullList", Replace(s, R"("legal_hold")", "null"), "missing_field", "'list'"},
      {"SuppressionNullAddedAt", Replace(s, R"("2026-01-10T08:00:00-05:00")", "null"),
       "missing_field", "'added_at'"},
      {"SuppressionEmptySubject", Replace(s, R"("subj-42")", R"("")"), "bad_value",
       "'subject'"},
      {"SuppressionUnknownList", Replace(s, "legal_hold", "naughty"), "bad_enum",
       "'list' is not one of dnc, internal, legal_hold, complaint", "naughty"},
      {"SuppressionListAsArray", Replace(s, R"("legal_hold")", R"(["dnc"])"), "wrong_type",
       "'list'"},
      {"SuppressionUnknownChannel", Replace(s, R"(["voice", "sms"])", R"(["voice", "fax"])"),
       "bad_enum", "'channels[1]' is not '*' or one of", "fax"},
      {"SuppressionEmptyChannels", Replace(s, R"(["voice", "sms"])", "[]"), "bad_value",
       "'channels' must list at least one channel"},
      {"SuppressionChannelsAsString", Replace(s, R"(["voice", "sms"])", R"("voice")"),
       "wrong_type", "'channels'"},
      {"SuppressionEmptyTenant", Replace(s, R"("acme")", R"("")"), "bad_value",
       "'tenant' must not be empty"},
      {"SuppressionTenantAsBool", Replace(s, R"("acme")", "true"), "wrong_type", "'tenant'"},
      {"RemovedBeforeAdded", Replace(s, "2026-02-10T08:00:00Z", "2026-01-10T12:59:59Z"),
       "bad_value", "'removed_at' is earlier than field 'added_at'"},
      {"SuppressionBadAddedAt", Replace(s, "2026-01-10T08:00:00-05:00", "2026-02-29T08:00:00Z"),
       "bad_timestamp", "'added_at'", "2026-02-29"},
      {"SuppressionBadRemovedAt", Replace(s, "2026-02-10T08:00:00Z", "tomorrow"),
       "bad_timestamp", "'removed_at'", "tomorrow"},
      {"SuppressionRemovedAtPastYear9999",
       Replace(s, "2026-02-10T08:00:00Z", "9999-12-31T23:59:59-01:00"), "bad_timestamp",
       "'removed_at' is outside the years 0000 to 9999"},
      {"SuppressionAddedAtBeforeYear0000",
       Replace(s, "2026-01-10T08:00:00-05:00", "0000-01-01T00:00:00+00:01"), "bad_timestamp",
       "'added_at' is outside the years 0000 to 9999"},
      {"SuppressionControlCharacterInSubject", Replace(s, "subj-42", R"(subj\r42)"),
       "bad_value", "'subject' contains a control character"},
      {"SuppressionInvalidUtf8", Replace(s, "acme", "ac\xffme"), "bad_utf8", "UTF-8"},
      {"SuppressionDuplicateList", Replace(s, R"("list": "legal_hold",)",
                                           R"("list": "legal_hold", "list": "dnc",)"),
       "duplicate_field", "'list'"},
      {"SuppressionDuplicateRemovedAt",
       Replace(s, R"("removed_at": "2026-02-10T08:00:00Z",)",
               R"("removed_at": "2026-02-10T08:00:00Z", "removed_at": null,)"),
       "duplicate_field", "'removed_at'"},
      {"SuppressionTooManyChannels",
       Replace(s, R"(["voice", "sms"])", "[" + [] {
         std::string items = R"("sms")";
         for (int i = 0; i < 256; ++i) items += R"(,"sms")";
         return items;
       }() + "]"),
       "oversize", "'channels'"},
      {"SuppressionOnFeedbackTopic", s, "schema_mismatch",
       "suppression.v1 but this input expects feedback.v1", "", "feedback.v1"},
  };
}

INSTANTIATE_TEST_SUITE_P(SuppressionBadInput, DecoderTest,
                         ::testing::ValuesIn(SuppressionBadCases()), CaseName);

}  // namespace
}  // namespace consentry::decoder_testing
