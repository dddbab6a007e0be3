#include "pipeline/watermarks.h"

#include <algorithm>

namespace consentry {

Watermarks::Watermarks(int streams, Duration allowed_lateness, std::optional<Duration> idle_timeout)
    : streams_(streams), lateness_(allowed_lateness), idle_timeout_(idle_timeout) {}

void Watermarks::Track(int32_t partition, Timestamp now) {
  for (int stream = 0; stream < streams_; ++stream) TrackStream(stream, partition, now);
}

void Watermarks::TrackStream(int stream, int32_t partition, Timestamp now) {
  auto [it, inserted] = partitions_.try_emplace(partition);
  if (inserted) it->second.resize(streams_);
  Stream& s = it->second[stream];
  if (s.tracked) return;
  s.tracked = true;
  s.last_seen = now;
}

void Watermarks::Forget(int32_t partition) { partitions_.erase(partition); }

void Watermarks::Observe(int stream, int32_t partition, Timestamp event_time, Timestamp now) {
  TrackStream(stream, partition, now);
  std::vector<Stream>& all = partitions_[partition];
  Stream& s = all[stream];
  if (IsIdle(s, now)) WakePartners(all, s, now);
  if (!s.max_event_time || event_time > *s.max_event_time) s.max_event_time = event_time;
  s.last_seen = now;
  s.caught_up = false;
}

void Watermarks::CaughtUp(int stream, int32_t partition, Timestamp now) {
  TrackStream(stream, partition, now);
  // The idle clock keeps counting from the last record (or from Track()).
  partitions_[partition][stream].caught_up = true;
}

void Watermarks::Behind(int stream, int32_t partition, Timestamp now) {
  TrackStream(stream, partition, now);
  std::vector<Stream>& all = partitions_[partition];
  Stream& s = all[stream];
  if (IsIdle(s, now)) WakePartners(all, s, now);
  s.caught_up = false;
  s.last_seen = now;
}

Timestamp Watermarks::For(int32_t partition, Timestamp now) const {
  auto it = partitions_.find(partition);
  if (it == partitions_.end()) return Timestamp::min();
  std::optional<Timestamp> active_min;
  bool any_active = false;
  std::optional<Timestamp> overall_max;
  Timestamp last_seen = Timestamp::min();
  for (const Stream& s : it->second) {
    if (!s.tracked) continue;  // a stream this instance does not read
    if (s.max_event_time) {
      overall_max = std::max(overall_max.value_or(Timestamp::min()), *s.max_event_time);
    }
    last_seen = std::max(last_seen, s.last_seen);
    if (IsIdle(s, now)) continue;
    any_active = true;
    if (!s.max_event_time) return Timestamp::min();  // an active stream with nothing seen yet
    const Timestamp wm = *s.max_event_time - lateness_;
    active_min = active_min ? std::min(*active_min, wm) : wm;
  }
  if (any_active) return *active_min;
  if (!overall_max) return Timestamp::min();
  // Every stream is idle: let the watermark follow wall time from the last record seen.
  return *overall_max - lateness_ + (now - last_seen);
}

bool Watermarks::Idle(int32_t partition, Timestamp now) const {
  auto it = partitions_.find(partition);
  if (it == partitions_.end() || !idle_timeout_) return false;
  bool any = false;
  for (const Stream& s : it->second) {
    if (!s.tracked) continue;
    if (!IsIdle(s, now)) return false;
    any = true;
  }
  return any;
}

void Watermarks::WakePartners(std::vector<Stream>& all, const Stream& resuming, Timestamp now) {
  // Its partners' records of the same burst may still be on their way (written a moment later,
  // not fetched yet, so no backlog shows): each idle partner holds the watermark again until it
  // speaks or stays silent for another idle timeout.
  for (Stream& partner : all) {
    if (&partner != &resuming && IsIdle(partner, now)) partner.last_seen = now;
  }
}

bool Watermarks::IsIdle(const Stream& s, Timestamp now) const {
  return s.tracked && idle_timeout_ && s.caught_up && now - s.last_seen >= *idle_timeout_;
}

std::optional<Timestamp> Watermarks::StreamWatermark(int stream, int32_t partition) const {
  const auto it = partitions_.find(partition);
  if (it == partitions_.end() || stream < 0 || stream >= streams_) return std::nullopt;
  const Stream& s = it->second[static_cast<size_t>(stream)];
  if (!s.max_event_time) return std::nullopt;
  return *s.max_event_time < Timestamp::min() + lateness_ ? Timestamp::min()
                                                          : *s.max_event_time - lateness_;
}

std::vector<int32_t> Watermarks::Partitions() const {
  std::vector<int32_t> out;
  for (const auto& [p, _] : partitions_) out.push_back(p);
  return out;
}

}  // namespace consentry
