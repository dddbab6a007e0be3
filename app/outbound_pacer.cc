#include "app/outbound_pacer.h"

#include <fmt/format.h>

#include <map>

#include "core/log.h"

namespace consentry {

Status OutboundPacer::Update(const Engine& engine, kafka::GroupConsumer& consumer) {
  if (limit_ == 0) return Status::Ok();
  // Per partition holding messages; one left out waits for nothing.
  const std::map<int32_t, size_t> waiting = engine.WaitingForPartners();
  std::vector<kafka::TopicPartition> pause, resume;
  for (const auto& [partition, n] : waiting) {
    if (n > limit_ && !paused_.contains(partition)) pause.emplace_back(topic_, partition);
  }
  for (int32_t partition : paused_) {
    const auto it = waiting.find(partition);
    if (it == waiting.end() || it->second <= limit_ / 2) resume.emplace_back(topic_, partition);
  }
  if (!pause.empty()) {
    CONSENTRY_RETURN_IF_ERROR(consumer.Pause(pause));
    for (const auto& [topic, partition] : pause) paused_.insert(partition);
    // The first few and then every 100th: a long backlog pauses and resumes all the time.
    if (pauses_ < 4 || pauses_ % 100 == 0) {
      log::Info("run", fmt::format("{} outbound partition(s) paused ({} so far): more than {} of "
                                   "their messages wait for their other streams",
                                   pause.size(), pauses_ + 1, limit_));
    }
    pauses_ += static_cast<int64_t>(pause.size());
  }
  if (!resume.empty()) {
    CONSENTRY_RETURN_IF_ERROR(consumer.Resume(resume));
    for (const auto& [topic, partition] : resume) paused_.erase(partition);
  }
  return Status::Ok();
}

Status OutboundPacer::Revoked(kafka::GroupConsumer& consumer,
                              const std::vector<kafka::TopicPartition>& parts) {
  std::vector<kafka::TopicPartition> resume;
  for (const auto& [topic, partition] : parts) {
    if (topic == topic_ && paused_.contains(partition)) resume.emplace_back(topic, partition);
  }
  for (const auto& [topic, partition] : resume) paused_.erase(partition);
  return resume.empty() ? Status::Ok() : consumer.Resume(resume);
}

}  // namespace consentry
