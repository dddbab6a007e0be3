#pragma once
// Keeps `run`'s held messages bounded while one stream of a partition runs ahead of the others
// in event time (a backlog after downtime, all input loaded before the start): the consumer
// fetches what it fetches, and an outbound message waits in memory until every stream of its
// partition has passed its sent_at. When more than `limit` of a partition's held messages wait
// only for its other streams (Engine::WaitingForPartners), its outbound records stop being
// fetched; once half of them are judged, fetching resumes. Kafka Streams bounds its buffers the
// same way (buffered.records.per.partition).
//
// Only those messages count: the ones the outbound stream's own watermark has not passed yet
// wait for more outbound records, so pausing for them would wait forever.
//
//   OutboundPacer pacer(limit, outbound_topic);
//   after each batch:   pacer.Update(engine, consumer);
//   on revoke:          pacer.Revoked(consumer, partitions);
//
// Thread-compatible: the engine's thread drives it.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "kafka/consumer.h"
#include "pipeline/engine.h"

namespace consentry {

class OutboundPacer {
 public:
  // `limit` 0: never pause.
  OutboundPacer(size_t limit, std::string outbound_topic)
      : limit_(limit), topic_(std::move(outbound_topic)) {}

  // Pauses or resumes the outbound partitions by what `engine` holds (nothing to count when the
  // limit is 0).
  Status Update(const Engine& engine, kafka::GroupConsumer& consumer);
  // Before `partitions` are given up: resumes those this paused, so nothing stays paused for
  // their next owner.
  Status Revoked(kafka::GroupConsumer& consumer, const std::vector<kafka::TopicPartition>& parts);

  const std::set<int32_t>& paused() const { return paused_; }
  int64_t pauses() const { return pauses_; }  // since construction

 private:
  size_t limit_;
  std::string topic_;
  std::set<int32_t> paused_;
  int64_t pauses_ = 0;
};

}  // namespace consentry
