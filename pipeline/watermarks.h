#pragma once
// Event-time watermarks, one per input partition.
//
// A partition reads several co-partitioned streams (outbound messages, consent decisions). Each
// stream s has its own maximum event time seen, max[s]. The partition's watermark is
//   min over active streams of (max[s] - allowed_lateness),
// so a message is judged only once every stream it could depend on has moved past its sent_at.
// A stream that has caught up (the consumer reached the end of its partition) and then stayed
// silent for `idle_timeout` of wall time is idle and no longer holds the watermark back; when
// every stream is idle the watermark advances with wall time from the last record seen. A stream
// with a backlog is never idle, however long its records take to arrive: a consumer busy with
// another topic must not make this one look quiet. When an idle stream resumes, its idle partners
// hold the watermark again for another idle timeout (their records of the same burst may be a
// moment behind, on the broker or still being written), unless they speak first. Replay passes no idle timeout: wall time never
// moves a watermark there, and the end of the input releases everything explicitly.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/time.h"

namespace consentry {

class Watermarks {
 public:
  // `streams` is the number of co-partitioned streams per partition (stream ids 0..streams-1).
  // Without `idle_timeout`, streams are never idle (replay).
  Watermarks(int streams, Duration allowed_lateness, std::optional<Duration> idle_timeout);

  // Starts tracking every stream of `partition` at wall time `now` (on assignment). Idempotent.
  void Track(int32_t partition, Timestamp now);
  // Starts tracking one stream of `partition`: only tracked streams hold a watermark back, so an
  // input this instance does not read (a topic not assigned) never does. Idempotent.
  void TrackStream(int stream, int32_t partition, Timestamp now);
  void Forget(int32_t partition);

  void Observe(int stream, int32_t partition, Timestamp event_time, Timestamp now);
  // The consumer reached the end of `stream` in `partition`.
  void CaughtUp(int stream, int32_t partition, Timestamp now);
  // Records were appended to `stream` in `partition` since it caught up, not delivered yet: it
  // holds the watermark back again (a stream that paused and resumes as a backlog must not be
  // overtaken by a co-partitioned stream whose records happen to be delivered first).
  void Behind(int stream, int32_t partition, Timestamp now);

  // The watermark of `partition` at wall time `now`; Timestamp::min() until it is known.
  Timestamp For(int32_t partition, Timestamp now) const;

  // True when every tracked stream of `partition` has caught up and stayed silent for the idle
  // timeout (never in replay): the partition has nothing left to read, whether or not it ever
  // carried a record.
  bool Idle(int32_t partition, Timestamp now) const;

  std::vector<int32_t> Partitions() const;

  // The watermark `stream` alone would give `partition` (its maximum event time less the
  // lateness); nullopt before its first record.
  std::optional<Timestamp> StreamWatermark(int stream, int32_t partition) const;

 private:
  struct Stream {
    bool tracked = false;
    std::optional<Timestamp> max_event_time;
    Timestamp last_seen;     // wall time of the last record, or of Track()
    bool caught_up = false;  // reached the end of its partition, no record since
  };
  // Caught up and silent for the idle timeout (never without one).
  bool IsIdle(const Stream& s, Timestamp now) const;
  // `resuming` (of `all`) was idle and has records again: its idle partners are awake again.
  void WakePartners(std::vector<Stream>& all, const Stream& resuming, Timestamp now);

  int streams_;
  Duration lateness_;
  std::optional<Duration> idle_timeout_;
  std::map<int32_t, std::vector<Stream>> partitions_;
};

}  // namespace consentry
