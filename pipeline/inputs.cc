#include "pipeline/inputs.h"

namespace consentry {

InputTable::InputTable(const InputTopics& topics)
    : specs_{{
          {InputKind::kOutbound, kOutboundSchema, topics.outbound, 0},
          {InputKind::kConsent, kConsentSchema, topics.consent, 1},
          {InputKind::kCampaign, kCampaignSchema, topics.campaigns, -1},
          {InputKind::kFeedback, kFeedbackSchema, topics.feedback, 2},
          {InputKind::kSuppression, kSuppressionSchema, topics.suppression, 3},
      }} {}

const InputSpec* InputTable::ForTopic(std::string_view topic) const {
  for (const InputSpec& spec : specs_) {
    if (spec.topic == topic) return &spec;
  }
  return nullptr;
}

const InputSpec& InputTable::For(InputKind kind) const {
  for (const InputSpec& spec : specs_) {
    if (spec.kind == kind) return spec;
  }
  CONSENTRY_CHECK(false && "every InputKind has a row");
  return specs_[0];
}

std::vector<std::string> InputTable::SubjectKeyedTopics() const {
  std::vector<std::string> topics;
  for (const InputSpec& spec : specs_) {
    if (spec.stream >= 0) topics.push_back(spec.topic);
  }
  return topics;
}

namespace {

// One overload per alternative: a new Event alternative fails to compile here until handled.
struct KindOfEvent {
  InputKind operator()(const OutboundEvent&) const { return InputKind::kOutbound; }
  InputKind operator()(const ConsentEvent&) const { return InputKind::kConsent; }
  InputKind operator()(const CampaignDeclaration&) const { return InputKind::kCampaign; }
  InputKind operator()(const FeedbackEvent&) const { return InputKind::kFeedback; }
  InputKind operator()(const SuppressionEvent&) const { return InputKind::kSuppression; }
};

struct EventTimeOf {
  std::optional<Timestamp> operator()(const OutboundEvent& e) const { return e.sent_at; }
  std::optional<Timestamp> operator()(const ConsentEvent& e) const { return e.recorded_at; }
  std::optional<Timestamp> operator()(const CampaignDeclaration&) const { return std::nullopt; }
  std::optional<Timestamp> operator()(const FeedbackEvent& e) const { return e.at; }
  std::optional<Timestamp> operator()(const SuppressionEvent& e) const { return e.EventTime(); }
};

struct PartitionKeyOf {
  std::string operator()(const OutboundEvent& e) const { return e.subject.value(); }
  std::string operator()(const ConsentEvent& e) const { return e.subject.value(); }
  std::string operator()(const CampaignDeclaration& e) const { return e.campaign_id.value(); }
  std::string operator()(const FeedbackEvent& e) const { return e.subject.value(); }
  std::string operator()(const SuppressionEvent& e) const { return e.subject.value(); }
};

struct SubjectOfEvent {
  const SubjectId* operator()(const OutboundEvent& e) const { return &e.subject; }
  const SubjectId* operator()(const ConsentEvent& e) const { return &e.subject; }
  const SubjectId* operator()(const CampaignDeclaration&) const { return nullptr; }
  const SubjectId* operator()(const FeedbackEvent& e) const { return &e.subject; }
  const SubjectId* operator()(const SuppressionEvent& e) const { return &e.subject; }
};

}  // namespace

const SubjectId* SubjectOf(const Event& event) { return std::visit(SubjectOfEvent{}, event); }

std::string PartitionKey(const Event& event) { return std::visit(PartitionKeyOf{}, event); }

InputKind KindOf(const Event& event) { return std::visit(KindOfEvent{}, event); }

std::optional<Timestamp> EventTime(const Event& event) { return std::visit(EventTimeOf{}, event); }

}  // namespace consentry
