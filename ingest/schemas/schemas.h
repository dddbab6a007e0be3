#pragma once
// One decoder per input schema, each in its own file beside this one. decoder.cc builds its
// dispatch table from the Event variant through Schema<T>, so a new Event alternative without a
// specialization here fails to compile instead of falling through to another schema's decoder.
// Internal to ingest/.
//
// Schema<T>::Decode reads the fields of the record's top-level object into *out (which starts
// default-constructed) and returns false after recording the first problem in ctx. The caller
// has already checked size, depth, JSON syntax and the "schema" field.

#include <string_view>

#include "core/events.h"
#include "ingest/field_reader.h"

namespace consentry::ingest_internal {

template <typename T>
struct Schema;  // undefined: every Event alternative needs a specialization

template <>
struct Schema<OutboundEvent> {
  static constexpr std::string_view kName = kOutboundSchema;
  static bool Decode(Ctx& ctx, dom::object object, OutboundEvent* out);  // outbound.cc
};

template <>
struct Schema<ConsentEvent> {
  static constexpr std::string_view kName = kConsentSchema;
  static bool Decode(Ctx& ctx, dom::object object, ConsentEvent* out);  // consent.cc
};

template <>
struct Schema<CampaignDeclaration> {
  static constexpr std::string_view kName = kCampaignSchema;
  static bool Decode(Ctx& ctx, dom::object object, CampaignDeclaration* out);  // campaign.cc
};

template <>
struct Schema<FeedbackEvent> {
  static constexpr std::string_view kName = kFeedbackSchema;
  static bool Decode(Ctx& ctx, dom::object object, FeedbackEvent* out);  // feedback.cc
};

template <>
struct Schema<SuppressionEvent> {
  static constexpr std::string_view kName = kSuppressionSchema;
  static bool Decode(Ctx& ctx, dom::object object, SuppressionEvent* out);  // suppression.cc
};

}  // namespace consentry::ingest_internal
