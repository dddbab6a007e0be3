#include "app/topic_range.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "core/log.h"
#include "kafka/admin.h"
#include "kafka/topic_reader.h"

namespace consentry {

StatusOr<std::vector<InputRecord>> ReadTopicRange(const kafka::Settings& settings,
                                                  const TopicRange& range) {
  CONSENTRY_ASSIGN_OR_RETURN(const auto counts, kafka::PartitionCounts(settings, range.topics));
  // A visit that reaches the range's end stops the read with this; it is no failure.
  const Status range_end = Aborted("the end of the range");
  std::vector<InputRecord> records;
  bool too_many = false;
  for (const std::string& topic : range.topics) {
    for (int32_t p = 0; p < counts.at(topic); ++p) {
      const size_t before = records.size();
      auto read = kafka::ReadPartition(
          settings, topic, p, range.from_offset, [&](const kafka::Record& r) -> Status {
            if (range.to_offset && r.offset >= *range.to_offset) return range_end;
            if (records.size() >= range.max_records) {
              too_many = true;
              return FailedPrecondition(fmt::format(
                  "the range holds more than {} records; narrow it with --from-offset and "
                  "--to-offset",
                  range.max_records));
            }
            records.push_back(r);
            return Status::Ok();
          });
      if (!read.ok() && read.status().message() != range_end.message()) {
        if (too_many || read.status().code() != StatusCode::kFailedPrecondition) {
          return read.status();
        }
        // --from-offset past this partition's end: nothing of it is in the range.
        log::Info("replay", fmt::format("{}/{}: --from-offset {} is past its end", topic, p,
                                        range.from_offset));
      }
      log::Info("replay",
                fmt::format("read {} records of {}/{}", records.size() - before, topic, p));
    }
  }
  std::stable_sort(records.begin(), records.end(), [](const InputRecord& a, const InputRecord& b) {
    const Timestamp ta = a.timestamp.value_or(Timestamp::min());
    const Timestamp tb = b.timestamp.value_or(Timestamp::min());
    return std::tie(ta, a.topic, a.partition, a.offset) <
           std::tie(tb, b.topic, b.partition, b.offset);
  });
  return records;
}

}  // namespace consentry
