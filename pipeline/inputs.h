#pragma once
// The input table: every input the engine reads, in one place. Adding an input means a row
// here, its event struct in core/events.h and its decoder; every switch over InputKind and every
// std::visit over Event then fails to compile until it is handled.
//
// Subject-keyed inputs (outbound, consent, feedback, suppression) are co-partitioned: partition n
// of each lands on the same instance, and each is one stream of that partition's watermark.
// Campaign declarations are a global table: every instance reads every partition, outside the
// consumer group and outside the watermarks.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "core/time.h"

namespace consentry {

enum class InputKind { kOutbound, kConsent, kCampaign, kFeedback, kSuppression };

struct InputTopics {
  std::string outbound = "comms.outbound";
  std::string consent = "consent.events";
  std::string campaigns = "purpose.declarations";
  std::string feedback = "comms.feedback";
  std::string suppression = "suppression.lists";
};

struct InputSpec {
  InputKind kind;
  std::string_view schema;  // the schema every record of the topic must carry
  std::string topic;
  // The watermark stream this input feeds, or -1 for the global campaign table.
  int stream;
};

class InputTable {
 public:
  explicit InputTable(const InputTopics& topics);

  // The input read from `topic`, or nullptr for a topic that is not an input.
  const InputSpec* ForTopic(std::string_view topic) const;
  const InputSpec& For(InputKind kind) const;
  const std::array<InputSpec, 5>& all() const { return specs_; }
  // The co-partitioned topics, keyed by subject, in table order.
  std::vector<std::string> SubjectKeyedTopics() const;

  // How many watermark streams a partition has.
  static constexpr int kStreams = 4;

 private:
  std::array<InputSpec, 5> specs_;
};

InputKind KindOf(const Event& event);

// The Kafka key a producer gives the record: the subject for subject-keyed inputs, the campaign
// id for declarations (the compaction key).
std::string PartitionKey(const Event& event);

// The subject whose state the event is about, or nullptr for a campaign declaration.
const SubjectId* SubjectOf(const Event& event);

// The event time a record carries (sent_at, recorded_at, at, the suppression entry's change),
// or nullopt for a campaign declaration, whose validity dates are not its arrival in time.
std::optional<Timestamp> EventTime(const Event& event);

}  // namespace consentry
