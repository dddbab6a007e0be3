#include "ingest/decoder.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ingest/decoder_test_util.h"

namespace consentry::decoder_testing {
namespace {

// Every optional field set. Values are chosen so each is distinguishable after mapping.
constexpr std::string_view kOutbound = R"({
  "schema": "outbound.v1",
  "event_id": "evt-1",
  "sent_at": "2026-03-01T09:30:00.25+01:00",
  "tenant": "acme",
  "subject": "subj-42",
  "channel": "sms",
  "purpose": "marketing.communications.sms",
  "sender_id": "crm-7",
  "campaign_id": "spring-sale",
  "jurisdiction": "US-FL",
  "recipient_tz": "America/New_York",
  "content": {
    "fingerprint": "00ff00ff00ff00fF",
    "template_id": "tmpl-9",
    "has_unsubscribe": true,
    "ai_generated": true,
    "ai_disclosed": false,
    "length": 160
  },
  "targeting": {"data_sources": ["first_party", "third_party:acme-data"]}
})";

constexpr std::string_view kOutboundMinimal =
    R"({"schema":"outbound.v1","event_id":"e","sent_at":"2026-03-01T08:30:00Z","tenant":"t",)"
    R"("subject":"s","channel":"email","purpose":"essential.service.transactional",)"
    R"("sender_id":"x"})";

constexpr std::string_view kConsent = R"({
  "schema": "consent.v1",
  "event_id": "evt-2",
  "recorded_at": "2026-02-01T12:00:00Z",
  "tenant": "acme",
  "subject": "subj-42",
  "action": "grant",
  "channels": ["email", "sms"],
  "purposes": ["marketing.communications", "research.surveys"],
  "legal_basis": "soft_opt_in",
  "method": "double_opt_in",
  "source": "third_party:list-broker",
  "named_senders": ["acme", "acme-eu"],
  "expires_at": "2028-02-01T12:00:00Z",
  "relationship": {"kind": "purchase", "at": "2026-01-15T10:00:00-05:00"},
  "evidence": {"receipt_id": "rcpt-77", "notice_version": "2025-11"}
})";

constexpr std::string_view kCampaign = R"({
  "schema": "campaign.v1",
  "campaign_id": "spring-sale",
  "tenant": "acme",
  "declared_purposes": ["marketing.communications.email", "marketing.communications.sms"],
  "channels": ["email", "sms"],
  "allowed_data_sources": ["first_party"],
  "ai_content": true,
  "valid_from": "2026-03-01T00:00:00Z",
  "valid_to": "2026-04-01T00:00:00Z",
  "owner": "growth-team",
  "expected_volume": 250000
})";

// The smallest valid record of each schema, in Event alternative order.
constexpr std::string_view kMinimalRecords[] = {
    kOutboundMinimal,
    R"({"schema":"consent.v1","event_id":"e","recorded_at":"2026-02-01T12:00:00Z",)"
    R"("tenant":"t","subject":"s","action":"grant","channels":["*"],"purposes":["marketing"]})",
    R"({"schema":"campaign.v1","campaign_id":"c","tenant":"t",)"
    R"("declared_purposes":["ai.training"]})",
    R"({"schema":"feedback.v1","event_id":"f","at":"2026-03-01T08:31:00Z","subject":"s",)"
    R"("channel":"email","kind":"complaint"})",
    R"({"schema":"suppression.v1","subject":"s","list":"dnc","added_at":"2026-01-01T00:00:00Z"})",
};

TEST_F(DecoderTest, OutboundMapsEveryField) {
  Decoder decoder;
  const auto ev = DecodeAs<OutboundEvent>(decoder, kOutbound);
  EXPECT_EQ(ev.event_id, EventId("evt-1"));
  EXPECT_EQ(ev.sent_at, At("2026-03-01T08:30:00.25Z"));
  EXPECT_EQ(ev.tenant, TenantId("acme"));
  EXPECT_EQ(ev.subject, SubjectId("subj-42"));
  EXPECT_EQ(ev.channel, Channel::kSms);
  EXPECT_EQ(ev.purpose, "marketing.communications.sms");
  EXPECT_EQ(ev.sender_id, SenderId("crm-7"));
  EXPECT_EQ(ev.campaign_id, CampaignId("spring-sale"));
  EXPECT_EQ(ev.jurisdiction, "US-FL");
  EXPECT_EQ(ev.recipient_tz, "America/New_York");
  EXPECT_EQ(ev.content.fingerprint, 0x00ff00ff00ff00ffULL);
  EXPECT_EQ(ev.content.template_id, "tmpl-9");
  EXPECT_EQ(ev.content.has_unsubscribe, true);
  EXPECT_EQ(ev.content.ai_generated, true);
  EXPECT_EQ(ev.content.ai_disclosed, false);
  EXPECT_EQ(ev.content.length, 160);
  EXPECT_EQ(ev.data_sources, (std::vector<std::string>{"first_party", "third_party:acme-data"}));
}

TEST_F(DecoderTest, OutboundWithOnlyRequiredFieldsLeavesOptionalsEmpty) {
  Decoder decoder;
  const auto ev = DecodeAs<OutboundEvent>(decoder, kOutboundMinimal, kOutboundSchema);
  EXPECT_EQ(ev.channel, Channel::kEmail);
  EXPECT_EQ(ev.sent_at, At("2026-03-01T08:30:00Z"));
  EXPECT_TRUE(ev.campaign_id.empty());
  EXPECT_TRUE(ev.jurisdiction.empty());
  EXPECT_TRUE(ev.recipient_tz.empty());
  EXPECT_FALSE(ev.content.fingerprint.has_value());
  EXPECT_FALSE(ev.content.has_unsubscribe.has_value());
  EXPECT_FALSE(ev.content.length.has_value());
  EXPECT_TRUE(ev.data_sources.empty());
}

TEST_F(DecoderTest, NullOptionalFieldsCountAsAbsent) {
  Decoder decoder;
  std::string record =
      Replace(kOutbound, R"("campaign_id": "spring-sale")", R"("campaign_id": null)");
  record = Replace(record, R"("length": 160)", R"("length": null)");
  record = Replace(record, R"("targeting": {)", R"("targeting": null, "x": {)");
  const auto ev = DecodeAs<OutboundEvent>(decoder, record);
  EXPECT_TRUE(ev.campaign_id.empty());
  EXPECT_FALSE(ev.content.length.has_value());
  EXPECT_TRUE(ev.data_sources.empty());
}

TEST_F(DecoderTest, ShortAndUppercaseFingerprintsAreHex) {
  Decoder decoder;
  auto ev = DecodeAs<OutboundEvent>(
      decoder, Replace(kOutbound, "00ff00ff00ff00fF", "A"));
  EXPECT_EQ(ev.content.fingerprint, 0xAULL);
  ev = DecodeAs<OutboundEvent>(decoder, Replace(kOutbound, "00ff00ff00ff00fF", "FFFFFFFFFFFFFFFF"));
  EXPECT_EQ(ev.content.fingerprint, 0xFFFFFFFFFFFFFFFFULL);
}

TEST_F(DecoderTest, ConsentMapsEveryField) {
  Decoder decoder;
  const auto ev = DecodeAs<ConsentEvent>(decoder, kConsent, kConsentSchema);
  EXPECT_EQ(ev.event_id, EventId("evt-2"));
  EXPECT_EQ(ev.recorded_at, At("2026-02-01T12:00:00Z"));
  EXPECT_EQ(ev.tenant, TenantId("acme"));
  EXPECT_EQ(ev.subject, SubjectId("subj-42"));
  EXPECT_EQ(ev.action, ConsentAction::kGrant);
  EXPECT_FALSE(ev.channels.all);
  EXPECT_EQ(ev.channels.channels, (std::vector<Channel>{Channel::kEmail, Channel::kSms}));
  EXPECT_EQ(ev.purposes,
            (std::vector<std::string>{"marketing.communications", "research.surveys"}));
  EXPECT_EQ(ev.legal_basis, LegalBasis::kSoftOptIn);
  EXPECT_EQ(ev.method, ConsentMethod::kDoubleOptIn);
  EXPECT_EQ(ev.source, "third_party:list-broker");
  EXPECT_EQ(ev.named_senders, (std::vector<TenantId>{TenantId("acme"), TenantId("acme-eu")}));
  EXPECT_EQ(ev.expires_at, At("2028-02-01T12:00:00Z"));
  EXPECT_EQ(ev.relationship_kind, RelationshipKind::kPurchase);
  EXPECT_EQ(ev.relationship_at, At("2026-01-15T15:00:00Z"));
  EXPECT_EQ(ev.evidence_receipt_id, "rcpt-77");
  EXPECT_EQ(ev.evidence_notice_version, "2025-11");
}

TEST_F(DecoderTest, ConsentDefaultsToFirstPartyAndStarMeansAllChannels) {
  Decoder decoder;
  const auto ev = DecodeAs<ConsentEvent>(
      decoder, R"({"schema":"consent.v1","event_id":"e","recorded_at":"2026-02-01T12:00:00Z",)"
               R"("tenant":"t","subject":"s","action":"withdraw","channels":["*"],)"
               R"("purposes":["marketing"]})");
  EXPECT_EQ(ev.action, ConsentAction::kWithdraw);
  EXPECT_TRUE(ev.channels.all);
  EXPECT_TRUE(ev.channels.Contains(Channel::kVoice));
  EXPECT_EQ(ev.source, "first_party");
  EXPECT_FALSE(ev.legal_basis.has_value());
  EXPECT_FALSE(ev.expires_at.has_value());
  EXPECT_FALSE(ev.relationship_kind.has_value());
  EXPECT_TRUE(ev.named_senders.empty());
}

TEST_F(DecoderTest, RepeatedChannelsAreListedOnce) {
  Decoder decoder;
  const auto ev = DecodeAs<ConsentEvent>(
      decoder, Replace(kConsent, R"(["email", "sms"])", R"(["sms", "sms", "email"])"));
  EXPECT_EQ(ev.channels.channels, (std::vector<Channel>{Channel::kSms, Channel::kEmail}));
}

TEST_F(DecoderTest, CampaignMapsEveryField) {
  Decoder decoder;
  const auto ev = DecodeAs<CampaignDeclaration>(decoder, kCampaign, kCampaignSchema);
  EXPECT_EQ(ev.campaign_id, CampaignId("spring-sale"));
  EXPECT_EQ(ev.tenant, TenantId("acme"));
  EXPECT_EQ(ev.declared_purposes, (std::vector<std::string>{"marketing.communications.email",
                                                            "marketing.communications.sms"}));
  ASSERT_TRUE(ev.channels.has_value());
  EXPECT_FALSE(ev.channels->all);
  EXPECT_EQ(ev.channels->channels, (std::vector<Channel>{Channel::kEmail, Channel::kSms}));
  EXPECT_EQ(ev.allowed_data_sources, (std::vector<std::string>{"first_party"}));
  EXPECT_EQ(ev.ai_content, true);
  EXPECT_EQ(ev.valid_from, At("2026-03-01T00:00:00Z"));
  EXPECT_EQ(ev.valid_to, At("2026-04-01T00:00:00Z"));
  EXPECT_EQ(ev.owner, "growth-team");
  EXPECT_EQ(ev.expected_volume, 250000);
}

TEST_F(DecoderTest, CampaignWithOnlyRequiredFields) {
  Decoder decoder;
  const auto ev = DecodeAs<CampaignDeclaration>(
      decoder, R"({"schema":"campaign.v1","campaign_id":"c","tenant":"t",)"
               R"("declared_purposes":["ai.training"]})");
  EXPECT_FALSE(ev.channels.has_value());
  EXPECT_FALSE(ev.ai_content.has_value());
  EXPECT_FALSE(ev.valid_from.has_value());
  EXPECT_TRUE(ev.owner.empty());
  EXPECT_FALSE(ev.expected_volume.has_value());
}

TEST_F(DecoderTest, CampaignExpectedVolumeBounds) {
  Decoder decoder;
  EXPECT_EQ(DecodeAs<CampaignDeclaration>(decoder, Replace(kCampaign, "250000", "0"))
                .expected_volume,
            0);
  EXPECT_EQ(DecodeAs<CampaignDeclaration>(decoder, Replace(kCampaign, "250000", "1000000000000"))
                .expected_volume,
            kMaxExpectedVolume);
  const auto too_big = decoder.Decode(Replace(kCampaign, "250000", "1000000000001"));
  ASSERT_TRUE(std::holds_alternative<DecodeError>(too_big));
  EXPECT_EQ(std::get<DecodeError>(too_big).code, "bad_value");
  EXPECT_NE(std::get<DecodeError>(too_big).message.find("must be between 0 and 1000000000000"),
            std::string::npos);
  EXPECT_FALSE(DecodeAs<CampaignDeclaration>(decoder, Replace(kCampaign, "250000", "null"))
                   .expected_volume.has_value());
}

TEST_F(DecoderTest, EachSchemaDecodesIntoItsOwnAlternative) {
  EXPECT_EQ(std::vector<std::string_view>(KnownSchemas().begin(), KnownSchemas().end()),
            (std::vector<std::string_view>{"outbound.v1", "consent.v1", "campaign.v1",
                                           "feedback.v1", "suppression.v1"}));
  Decoder decoder;
  ASSERT_EQ(std::size(kMinimalRecords), std::variant_size_v<Event>);
  for (size_t i = 0; i < std::size(kMinimalRecords); ++i) {
    SCOPED_TRACE(kMinimalRecords[i]);
    const std::variant<Event, DecodeError> any = decoder.Decode(kMinimalRecords[i]);
    ASSERT_TRUE(std::holds_alternative<Event>(any)) << std::get<DecodeError>(any).message;
    EXPECT_EQ(std::get<Event>(any).index(), i);
    // Accepted on its own topic, schema_mismatch on every other.
    for (size_t j = 0; j < KnownSchemas().size(); ++j) {
      const std::variant<Event, DecodeError> on_topic =
          decoder.Decode(kMinimalRecords[i], KnownSchemas()[j]);
      if (i == j) {
        EXPECT_TRUE(std::holds_alternative<Event>(on_topic)) << KnownSchemas()[j];
      } else {
        ASSERT_TRUE(std::holds_alternative<DecodeError>(on_topic)) << KnownSchemas()[j];
        EXPECT_EQ(std::get<DecodeError>(on_topic).code, "schema_mismatch");
      }
    }
  }
}

TEST_F(DecoderTest, UnknownSchemaMessageListsEveryKnownSchema) {
  Decoder decoder;
  EXPECT_EQ(DecodeFails(decoder, Replace(kOutboundMinimal, "outbound.v1", "feedback.v2")).message,
            "field 'schema' is not one of outbound.v1, consent.v1, campaign.v1, feedback.v1, "
            "suppression.v1");
}

// ---- Timestamps: the years RFC 3339 can write (0000 to 9999, in UTC) ----

TEST_F(DecoderTest, LastWritableSecondIsAccepted) {
  Decoder decoder;
  const auto ev = DecodeAs<OutboundEvent>(
      decoder, Replace(kOutboundMinimal, "2026-03-01T08:30:00Z", "9999-12-31T23:59:59Z"));
  EXPECT_EQ(ToMicros(ev.sent_at), 253'402'300'799'000'000);
  EXPECT_EQ(FormatRfc3339(ev.sent_at), "9999-12-31T23:59:59Z");
  const auto campaign = DecodeAs<CampaignDeclaration>(
      decoder, Replace(kCampaign, "2026-04-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"));
  EXPECT_EQ(FormatRfc3339(*campaign.valid_to), "9999-12-31T23:59:59.999999Z");
}

TEST_F(DecoderTest, FirstWritableSecondIsAccepted) {
  Decoder decoder;
  const auto ev = DecodeAs<OutboundEvent>(
      decoder, Replace(kOutboundMinimal, "2026-03-01T08:30:00Z", "0000-01-01T00:00:00Z"));
  EXPECT_EQ(ToMicros(ev.sent_at), -62'167'219'200'000'000);
  EXPECT_EQ(FormatRfc3339(ev.sent_at), "0000-01-01T00:00:00Z");
}

TEST_F(DecoderTest, DecodedTimestampsFormatBackToTheSameInstant) {
  Decoder decoder;
  for (std::string_view text :
       {"0000-01-01T00:00:00Z", "0000-01-01T00:00:00-23:59", "1969-12-31T23:59:59.999999Z",
        "2026-03-29T02:30:00+02:00", "9999-12-31T23:59:60Z", "9999-12-31T23:59:59+00:01"}) {
    SCOPED_TRACE(text);
    const auto ev =
        DecodeAs<OutboundEvent>(decoder, Replace(kOutboundMinimal, "2026-03-01T08:30:00Z", text));
    const StatusOr<Timestamp> again = ParseRfc3339(FormatRfc3339(ev.sent_at));
    ASSERT_TRUE(again.ok()) << FormatRfc3339(ev.sent_at);
    EXPECT_EQ(*again, ev.sent_at);
  }
}

TEST_F(DecoderTest, UnknownFieldsAreIgnoredAtEveryLevel) {
  Decoder decoder;
  std::string record = Replace(kOutbound, R"("tenant": "acme",)",
                               R"("tenant": "acme", "future": {"a": [1, 2.5, null, {"b": "c"}]},)"
                               R"( "priority": 3, "tags": ["x"],)");
  record = Replace(record, R"("length": 160)", R"("length": 160, "language": "da")");
  record = Replace(record, R"("data_sources": [)", R"("model": "lookalike", "data_sources": [)");
  const auto ev = DecodeAs<OutboundEvent>(decoder, record);
  EXPECT_EQ(ev.tenant, TenantId("acme"));
  EXPECT_EQ(ev.content.length, 160);
  EXPECT_EQ(ev.data_sources.size(), 2u);
}

TEST_F(DecoderTest, DuplicateUnknownFieldsAreTolerated) {
  Decoder decoder;
  const std::string record =
      Replace(kOutboundMinimal, R"("tenant":"t",)", R"("tenant":"t","x":1,"x":2,)");
  EXPECT_EQ(DecodeAs<OutboundEvent>(decoder, record).tenant, TenantId("t"));
}

TEST_F(DecoderTest, EscapedStringsAreUnescaped) {
  Decoder decoder;
  const auto ev = DecodeAs<OutboundEvent>(
      decoder, Replace(kOutbound, R"("tmpl-9")", R"("t\u00e9st \"q\" \u2603 \/")"));
  EXPECT_EQ(ev.content.template_id, "t\xc3\xa9st \"q\" \xe2\x98\x83 /");
}

TEST_F(DecoderTest, EscapedKeysAreMatched) {
  Decoder decoder;
  const auto ev = DecodeAs<OutboundEvent>(
      decoder, Replace(kOutboundMinimal, R"("tenant")", R"("ten\u0061nt")"));
  EXPECT_EQ(ev.tenant, TenantId("t"));
}

TEST_F(DecoderTest, MixedStreamDecodesEachSchemaWithoutExpectation) {
  Decoder decoder;
  for (std::string_view record : {kOutbound, kConsent, kCampaign, kOutboundMinimal,
                                  kMinimalRecords[3], kMinimalRecords[4]}) {
    EXPECT_TRUE(std::holds_alternative<Event>(decoder.Decode(record))) << record;
  }
}

TEST_F(DecoderTest, IsReusableAfterErrorsAndLargeRecords) {
  Decoder decoder;
  std::string large = Replace(kOutbound, R"("tenant": "acme",)",
                              R"("tenant": "acme", "padding": ")" + std::string(40000, 'p') +
                                  R"(",)");
  EXPECT_EQ(DecodeAs<OutboundEvent>(decoder, large).tenant, TenantId("acme"));
  EXPECT_EQ(DecodeFails(decoder, "{").code, "bad_json");
  EXPECT_EQ(DecodeFails(decoder, "\xff").code, "bad_utf8");
  EXPECT_EQ(DecodeAs<OutboundEvent>(decoder, kOutboundMinimal).tenant, TenantId("t"));
  EXPECT_EQ(DecodeAs<ConsentEvent>(decoder, kConsent).tenant, TenantId("acme"));
}

TEST_F(DecoderTest, MovedDecoderKeepsWorking) {
  Decoder first(DecodeLimits{.max_record_bytes = 1000});
  Decoder second = std::move(first);
  EXPECT_EQ(second.limits().max_record_bytes, 1000u);
  EXPECT_EQ(DecodeAs<OutboundEvent>(second, kOutboundMinimal).subject, SubjectId("s"));
}

// Nested arrays under an unknown field: the record's own object is one level.
std::string NestedRecord(size_t depth) {
  return Replace(kOutboundMinimal, R"("tenant":"t",)",
                 R"("deep":)" + std::string(depth - 1, '[') + std::string(depth - 1, ']') +
                     R"(,"tenant":"t",)");
}

TEST_F(DecoderTest, LimitsAreInclusive) {
  Decoder decoder;
  const DecodeLimits limits;
  EXPECT_TRUE(std::holds_alternative<Event>(decoder.Decode(NestedRecord(limits.max_depth))));

  std::string items = "\"a\"";
  for (size_t i = 1; i < limits.max_array_items; ++i) items += ",\"a\"";
  EXPECT_EQ(DecodeAs<CampaignDeclaration>(
                decoder, Replace(kCampaign, R"(["first_party"])", "[" + items + "]"))
                .allowed_data_sources.size(),
            limits.max_array_items);

  const std::string subject(limits.max_string_bytes, 's');
  EXPECT_EQ(DecodeAs<OutboundEvent>(decoder, Replace(kOutbound, "subj-42", subject)).subject,
            SubjectId(subject));

  std::string exact = Replace(kOutboundMinimal, R"("tenant":"t",)", R"("p":"",)"
                                                                    R"("tenant":"t",)");
  exact = Replace(exact, R"("p":"")",
                  R"("p":")" + std::string(limits.max_record_bytes - exact.size(), 'p') + "\"");
  ASSERT_EQ(exact.size(), limits.max_record_bytes);
  EXPECT_TRUE(std::holds_alternative<Event>(decoder.Decode(exact)));
  EXPECT_EQ(DecodeFails(decoder, exact + " ").code, "oversize");
}

TEST_F(DecoderTest, BracketsInsideStringsDoNotCountAsNesting) {
  Decoder decoder;
  const std::string brackets(100, '[');
  const auto ev = DecodeAs<OutboundEvent>(
      decoder, Replace(kOutbound, R"("tmpl-9")", "\"" + brackets + R"(\"{{{\\")"));
  EXPECT_EQ(ev.content.template_id, brackets + "\"{{{\\");
}

TEST_F(DecoderTest, CustomLimitsApply) {
  Decoder decoder(DecodeLimits{.max_record_bytes = 64 * 1024,
                               .max_depth = 2,
                               .max_array_items = 1,
                               .max_string_bytes = 12});
  EXPECT_EQ(DecodeFails(decoder, kOutbound).code, "too_deep");
  EXPECT_EQ(DecodeFails(decoder, R"({"schema":"campaign.v1","campaign_id":"c","tenant":"t",)"
                                 R"("declared_purposes":["a","b"]})")
                .code,
            "oversize");
  EXPECT_EQ(DecodeFails(decoder, R"({"schema":"campaign.v1","campaign_id":"c","tenant":"t",)"
                                 R"("declared_purposes":["a"],"owner":"1234567890123"})")
                .message,
            "field 'owner' is longer than the limit of 12 bytes");
}

// ---- Rejections: one row per kind of bad input ----

std::vector<BadCase> BadCases() {
  const std::string o(kOutbound);
  const std::string c(kConsent);
  const std::string k(kCampaign);
  std::string deep = "{\"schema\":\"outbound.v1\",\"x\":";
  deep += std::string(16, '[') + std::string(16, ']') + "}";
  std::string many_purposes = R"("a")";
  for (int i = 0; i < 256; ++i) many_purposes += R"(,"a")";
  return {
      {"EmptyInput", "", "bad_json", "empty"},
      {"OnlyWhitespace", " \n\t ", "bad_json", "empty"},
      {"NotJson", "schema=outbound.v1 tenant=acme", "bad_json", "not valid JSON", "acme"},
      {"TruncatedJson", o.substr(0, o.size() / 2), "bad_json", "not valid JSON"},
      {"UnclosedString", R"({"schema":"outbound.v1","tenant":"ac)", "bad_json", "JSON"},
      {"ArrayInsteadOfObject", "[" + o + "]", "wrong_type", "JSON object"},
      {"StringInsteadOfObject", R"("outbound.v1")", "wrong_type", "JSON object"},
      {"TrailingGarbage", o + " x", "bad_json", "not valid JSON"},
      {"TwoObjects", o + "\n" + o, "bad_json", "not valid JSON"},
      {"MissingSchema", Replace(o, R"("schema": "outbound.v1",)", ""), "missing_field",
       "'schema'"},
      {"NullSchema", Replace(o, R"("outbound.v1")", "null"), "missing_field", "'schema'"},
      {"NumericSchema", Replace(o, R"("outbound.v1")", "1"), "wrong_type", "'schema'"},
      {"UnknownSchema", Replace(o, "outbound.v1", "outbound.v9-secret"), "unknown_schema",
       "'schema'", "v9-secret"},
      {"SchemaMismatch", c, "schema_mismatch", "outbound.v1", "", "outbound.v1"},
      {"FeedbackOnSuppressionTopic", std::string(kMinimalRecords[3]), "schema_mismatch",
       "feedback.v1 but this input expects suppression.v1", "", "suppression.v1"},
      {"SuppressionOnConsentTopic", std::string(kMinimalRecords[4]), "schema_mismatch",
       "suppression.v1 but this input expects consent.v1", "", "consent.v1"},
      {"MissingEventId", Replace(o, R"("event_id": "evt-1",)", ""), "missing_field",
       "'event_id'"},
      {"MissingSentAt", Replace(o, R"("sent_at": "2026-03-01T09:30:00.25+01:00",)", ""),
       "missing_field", "'sent_at'"},
      {"MissingTenant", Replace(o, R"("tenant": "acme",)", ""), "missing_field", "'tenant'"},
      {"MissingSubject", Replace(o, R"("subject": "subj-42",)", ""), "missing_field",
       "'subject'"},
      {"MissingChannel", Replace(o, R"("channel": "sms",)", ""), "missing_field", "'channel'"},
      {"MissingPurpose", Replace(o, R"("purpose": "marketing.communications.sms",)", ""),
       "missing_field", "'purpose'"},
      {"MissingSenderId", Replace(o, R"("sender_id": "crm-7",)", ""), "missing_field",
       "'sender_id'"},
      {"MissingRecordedAt", Replace(c, R"("recorded_at": "2026-02-01T12:00:00Z",)", ""),
       "missing_field", "'recorded_at'"},
      {"MissingAction", Replace(c, R"("action": "grant",)", ""), "missing_field", "'action'"},
      {"MissingChannels", Replace(c, R"("channels": ["email", "sms"],)", ""), "missing_field",
       "'channels'"},
      {"MissingPurposes",
       Replace(c, R"("purposes": ["marketing.communications", "research.surveys"],)", ""),
       "missing_field", "'purposes'"},
      {"MissingCampaignId", Replace(k, R"("campaign_id": "spring-sale",)", ""), "missing_field",
       "'campaign_id'"},
      {"MissingDeclaredPurposes",
       Replace(k, R"("declared_purposes": ["marketing.communications.email", )"
                  R"("marketing.communications.sms"],)", ""),
       "missing_field", "'declared_purposes'"},
      {"MissingRelationshipKind", Replace(c, R"("kind": "purchase", )", ""), "missing_field",
       "'relationship.kind'"},
      {"NullRequiredField", Replace(o, R"("subj-42")", "null"), "missing_field", "'subject'"},
      {"NumberForString", Replace(o, R"("acme")", "4711"), "wrong_type", "'tenant'", "4711"},
      {"ObjectForString", Replace(o, R"("crm-7")", R"({"id":"crm-7"})"), "wrong_type",
       "'sender_id'", "crm-7"},
      {"StringForBool", Replace(o, "true", R"("yes")"), "wrong_type",
       "'content.has_unsubscribe'"},
      {"ArrayForObject", Replace(o, R"("content": {)", R"("content": [], "x": {)"), "wrong_type",
       "'content'"},
      {"StringForArray", Replace(c, R"(["email", "sms"])", R"("email")"), "wrong_type",
       "'channels'"},
      {"FractionalLength", Replace(o, "160", "160.5"), "wrong_type", "'content.length'"},
      {"NegativeLength", Replace(o, "160", "-1"), "bad_value", "'content.length'"},
      {"HugeLength", Replace(o, "160", "18446744073709551615"), "bad_value",
       "'content.length'"},
      {"UnknownChannel", Replace(o, R"("sms")", R"("pigeon")"), "bad_enum", "'channel'",
       "pigeon"},
      {"UnknownChannelInList", Replace(c, R"(["email", "sms"])", R"(["email", "fax"])"),
       "bad_enum", "'channels[1]'", "fax"},
      {"UnknownAction", Replace(c, R"("grant")", R"("maybe")"), "bad_enum", "'action'", "maybe"},
      {"UnknownLegalBasis", Replace(c, "soft_opt_in", "vibes"), "bad_enum", "'legal_basis'",
       "vibes"},
      {"UnknownMethod", Replace(c, "double_opt_in", "telepathy"), "bad_enum", "'method'",
       "telepathy"},
      {"UnknownRelationshipKind", Replace(c, "purchase", "friendship"), "bad_enum",
       "'relationship.kind'", "friendship"},
      {"TimestampWithoutOffset", Replace(o, "09:30:00.25+01:00", "09:30:00"), "bad_timestamp",
       "'sent_at'", "09:30"},
      {"TimestampMonth13", Replace(c, "2026-02-01T12:00:00Z", "2026-13-01T12:00:00Z"),
       "bad_timestamp", "'recorded_at'", "2026-13"},
      {"TimestampAsNumber", Replace(o, R"("2026-03-01T09:30:00.25+01:00")", "1772353800"),
       "wrong_type", "'sent_at'"},
      {"BadExpiresAt", Replace(c, "2028-02-01T12:00:00Z", "next year"), "bad_timestamp",
       "'expires_at'", "next year"},
      {"BadRelationshipAt", Replace(c, "2026-01-15T10:00:00-05:00", "2026-01-15"),
       "bad_timestamp", "'relationship.at'"},
      {"BadValidTo", Replace(k, "2026-04-01T00:00:00Z", "2026-02-30T00:00:00Z"),
       "bad_timestamp", "'valid_to'"},
      {"ValidToBeforeValidFrom", Replace(k, "2026-04-01", "2026-02-01"), "bad_value",
       "'valid_to'"},
      {"NegativeExpectedVolume", Replace(k, "250000", "-5"), "bad_value", "'expected_volume'"},
      {"FractionalExpectedVolume", Replace(k, "250000", "2.5"), "wrong_type",
       "'expected_volume'"},
      {"StringExpectedVolume", Replace(k, "250000", R"("lots")"), "wrong_type",
       "'expected_volume'", "lots"},
      {"HugeExpectedVolume", Replace(k, "250000", "9223372036854775808"), "bad_value",
       "'expected_volume'"},
      {"DuplicateExpectedVolume", Replace(k, "250000", "250000, \"expected_volume\": 1"),
       "duplicate_field", "'expected_volume'"},
      {"YearFiveDigits", Replace(o, "2026-03-01T09:30:00.25+01:00", "10000-01-01T00:00:00Z"),
       "bad_timestamp", "'sent_at'", "10000"},
      {"OffsetPushesPastYear9999", Replace(o, "2026-03-01T09:30:00.25+01:00",
                                           "9999-12-31T23:30:00-01:00"),
       "bad_timestamp", "0000 to 9999", "23:30"},
      {"OffsetPushesBeforeYear0000", Replace(c, "2026-02-01T12:00:00Z",
                                             "0000-01-01T00:30:00+01:00"),
       "bad_timestamp", "'recorded_at' is outside the years 0000 to 9999"},
      {"ExpiresAtPastYear9999", Replace(c, "2028-02-01T12:00:00Z", "9999-12-31T23:59:59-00:01"),
       "bad_timestamp", "'expires_at'"},
      {"RelationshipAtPastYear9999",
       Replace(c, "2026-01-15T10:00:00-05:00", "9999-12-31T20:00:00-05:00"), "bad_timestamp",
       "'relationship.at'"},
      {"ValidFromBeforeYear0000", Replace(k, "2026-03-01T00:00:00Z", "0000-01-01T00:00:00+14:00"),
       "bad_timestamp", "'valid_from'"},
      {"InvalidUtf8InString", Replace(o, "subj-42", "subj-\xc3\x28"), "bad_utf8", "UTF-8"},
      {"InvalidUtf8OutsideString", Replace(o, R"("tenant")", "\xff\"tenant\""), "bad_utf8",
       "UTF-8"},
      {"OverlongUtf8", Replace(o, "subj-42", "subj-\xc0\xaf"), "bad_utf8", "UTF-8"},
      {"Utf8Surrogate", Replace(o, "subj-42", "subj-\xed\xa0\x80"), "bad_utf8", "UTF-8"},
      {"OversizeRecord",
       Replace(o, R"("tenant": "acme",)",
               R"("pad": ")" + std::string(64 * 1024, 'p') + R"(", "tenant": "acme",)"),
       "oversize", "65536"},
      {"NestingTooDeep", deep, "too_deep", "16 levels"},
      {"TooManyArrayItems", Replace(k, R"(["first_party"])", "[" + many_purposes + "]"),
       "oversize", "'allowed_data_sources'"},
      {"OverlongString", Replace(o, "subj-42", std::string(4097, 's')), "oversize",
       "'subject'", "ssss"},
      {"UppercasePurpose", Replace(o, "marketing.communications.sms", "Marketing.SMS"),
       "bad_value", "'purpose'", "Marketing"},
      {"PurposeWithEmptySegment", Replace(o, "marketing.communications.sms", "marketing..sms"),
       "bad_value", "'purpose'"},
      {"PurposeWithTrailingDot", Replace(c, "research.surveys", "research."), "bad_value",
       "'purposes[1]'"},
      {"BadDeclaredPurpose", Replace(k, "marketing.communications.sms", "mkt/sms"), "bad_value",
       "'declared_purposes[1]'", "mkt/sms"},
      {"EmptyPurposes", Replace(c, R"(["marketing.communications", "research.surveys"])", "[]"),
       "bad_value", "'purposes'"},
      {"EmptyChannels", Replace(k, R"(["email", "sms"])", "[]"), "bad_value", "'channels'"},
      {"NonHexFingerprint", Replace(o, "00ff00ff00ff00fF", "00ff00ff00ff00fG"), "bad_value",
       "'content.fingerprint'", "00ff"},
      {"LongFingerprint", Replace(o, "00ff00ff00ff00fF", "00ff00ff00ff00ff0"), "bad_value",
       "'content.fingerprint'"},
      {"EmptyFingerprint", Replace(o, "00ff00ff00ff00fF", ""), "bad_value",
       "'content.fingerprint'"},
      {"UnknownSource", Replace(c, "third_party:list-broker", "partner-list"), "bad_value",
       "'source'", "partner-list"},
      {"ThirdPartySourceWithoutName", Replace(c, "third_party:list-broker", "third_party:"),
       "bad_value", "'source'"},
      {"EmptySubject", Replace(o, R"("subj-42")", R"("")"), "bad_value", "'subject'"},
      {"EmptyNamedSender", Replace(c, R"(["acme", "acme-eu"])", R"(["acme", ""])"), "bad_value",
       "'named_senders[1]'"},
      {"BadJurisdiction", Replace(o, "US-FL", "Florida"), "bad_value", "'jurisdiction'",
       "Florida"},
      {"BadTimeZone", Replace(o, "America/New_York", "New York"), "bad_value", "'recipient_tz'",
       "New York"},
      {"RawNulInString", Replace(o, "subj-42", std::string("subj\0-42", 8)), "bad_json",
       "control character"},
      {"RawNulOutsideString", Replace(o, R"("tenant")", std::string("\0\"tenant\"", 9)),
       "bad_json", "not valid JSON"},
      {"EscapedNulInString", Replace(o, "subj-42", R"(subj\u0000-42)"), "bad_value",
       "'subject'"},
      {"EscapedNewlineInId", Replace(o, "evt-1", R"(evt\n1)"), "bad_value", "'event_id'"},
      {"DuplicateKnownField", Replace(o, R"("tenant": "acme",)",
                                      R"("tenant": "acme", "tenant": "evil",)"),
       "duplicate_field", "'tenant'", "evil"},
      {"DuplicateNestedField", Replace(o, R"("length": 160)", R"("length": 160, "length": 1)"),
       "duplicate_field", "'content.length'"},
  };
}

TEST_P(DecoderTest, ReportsCodeAndField) {
  const BadCase& bad = GetParam();
  Decoder decoder;
  const DecodeError error = DecodeFails(decoder, bad.input, bad.expected_schema);
  EXPECT_EQ(error.code, bad.code) << error.message;
  EXPECT_NE(error.message.find(bad.names), std::string::npos)
      << "message '" << error.message << "' does not mention " << bad.names;
  if (!bad.secret.empty()) {
    EXPECT_EQ(error.message.find(bad.secret), std::string::npos)
        << "message '" << error.message << "' echoes the value";
  }
}

INSTANTIATE_TEST_SUITE_P(BadInput, DecoderTest, ::testing::ValuesIn(BadCases()), CaseName);

TEST_F(DecoderTest, RejectionTableCoversEveryInputErrorCode) {
  std::set<std::string> seen;
  for (const BadCase& bad : BadCases()) seen.insert(bad.code);
  namespace dc = decode_code;
  for (std::string_view code :
       {dc::kBadJson, dc::kBadUtf8, dc::kOversize, dc::kTooDeep, dc::kWrongType,
        dc::kMissingField, dc::kUnknownSchema, dc::kSchemaMismatch, dc::kBadEnum,
        dc::kBadTimestamp, dc::kBadValue, dc::kDuplicateField}) {
    EXPECT_TRUE(seen.contains(std::string(code))) << code;
  }
}

}  // namespace
}  // namespace consentry::decoder_testing
