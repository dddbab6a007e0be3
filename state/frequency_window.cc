#include "state/frequency_window.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <tuple>
#include <vector>

#include "state/codec.h"
#include "state/heap_bytes.h"
#include "state/event_codec.h"

namespace consentry {
namespace {

// Leading byte of every stored window and operand. Never reuse a number.
constexpr uint8_t kFrequencyFormatV1 = 1;

Status Malformed(std::string_view what) {
  return DataLoss("frequency window: " + std::string(what));
}

// Reads a dictionary: strictly ascending strings.
bool ReadDictionary(ByteReader& r, std::vector<std::string>* out) {
  uint64_t n;
  if (!r.ReadCount(&n)) return false;
  out->clear();
  out->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    std::string s;
    if (!r.ReadString(&s)) return false;
    if (!out->empty() && !(out->back() < s)) return r.Fail();
    out->push_back(std::move(s));
  }
  return true;
}

// Index of `s` in a sorted dictionary known to contain it.
uint64_t IndexOf(const std::vector<std::string>& dictionary, const std::string& s) {
  const auto it = std::lower_bound(dictionary.begin(), dictionary.end(), s);
  CONSENTRY_CHECK(it != dictionary.end() && *it == s);
  return static_cast<uint64_t>(it - dictionary.begin());
}

}  // namespace

Timestamp FrequencyBucket::start() const {
  return Timestamp(std::chrono::duration_cast<Duration>(std::chrono::seconds(second)));
}

bool operator<(const FrequencyBucket& a, const FrequencyBucket& b) {
  return std::forward_as_tuple(a.second, a.tenant, wire::ChannelCode(a.channel), a.purpose) <
         std::forward_as_tuple(b.second, b.tenant, wire::ChannelCode(b.channel), b.purpose);
}

int64_t FrequencyWindow::SecondOf(Timestamp sent_at) {
  return std::chrono::floor<std::chrono::seconds>(sent_at).time_since_epoch().count();
}

void FrequencyWindow::Add(Timestamp sent_at, const TenantId& tenant, Channel channel,
                          std::string_view purpose, int64_t n) {
  if (n <= 0) return;
  FrequencyBucket bucket{SecondOf(sent_at), tenant.value(), channel, std::string(purpose)};
  const int64_t second = bucket.second;
  int64_t& count = buckets_[bucket];
  const int64_t before = count;
  count = std::min(kMaxCount, count + std::min(n, kMaxCount));
  if (!index_) return;
  // In time order (the common case) the series' running totals only grow at the end.
  bucket.second = 0;
  Series& series = (*index_)[std::move(bucket)];
  std::deque<Running>& running = series.running;
  const int64_t added = count - before;
  if (running.empty() || running.back().second < second) {
    running.push_back({second, (running.empty() ? series.dropped : running.back().total) + added});
  } else if (running.back().second == second) {
    running.back().total += added;
  } else {
    index_.reset();  // a late message: rebuilt when next counted
  }
}

void FrequencyWindow::Merge(const FrequencyWindow& other) {
  index_.reset();
  for (const auto& [bucket, n] : other.buckets_) {
    int64_t& count = buckets_[bucket];
    count = std::min(kMaxCount, count + n);
  }
}

void FrequencyWindow::BuildIndex() const {
  Index index;
  for (const auto& [bucket, n] : buckets_) {  // by second first: each series in time order
    FrequencyBucket key = bucket;
    key.second = 0;
    std::deque<Running>& running = index[std::move(key)].running;
    running.push_back({bucket.second, (running.empty() ? 0 : running.back().total) + n});
  }
  index_ = std::move(index);
}

int64_t FrequencyWindow::Count(const std::function<bool(const FrequencyBucket&)>& in_scope,
                               Timestamp from_exclusive, Timestamp to_inclusive) const {
  const int64_t first = SecondOf(from_exclusive) + 1;
  const int64_t last = SecondOf(to_inclusive);
  if (first > last) return 0;
  if (!index_) BuildIndex();
  // The running total of one series just before a second.
  const auto total_before = [](const Series& series, int64_t second) -> int64_t {
    const auto it =
        std::lower_bound(series.running.begin(), series.running.end(), second,
                         [](const Running& r, int64_t s) { return r.second < s; });
    return it == series.running.begin() ? series.dropped : std::prev(it)->total;
  };
  int64_t total = 0;
  for (const auto& [key, series] : *index_) {
    FrequencyBucket probe = key;
    probe.second = series.running.front().second;
    if (!in_scope(probe)) continue;
    total += total_before(series, last + 1) - total_before(series, first);
  }
  return total;
}

size_t FrequencyWindow::DropBefore(Timestamp cutoff) {
  // No bucket starts before the earliest second a bucket may name (and converting seconds
  // before it to microseconds would overflow).
  if (cutoff <= FrequencyBucket{.second = -kMaxSecond}.start()) return 0;
  // A bucket starting at second s is dropped when s < cutoff, i.e. s < ceil(cutoff).
  int64_t first_kept = SecondOf(cutoff);
  if (FrequencyBucket{.second = first_kept}.start() < cutoff) ++first_kept;
  size_t dropped = 0;
  auto it = buckets_.begin();
  while (it != buckets_.end() && it->first.second < first_kept) {
    it = buckets_.erase(it);
    ++dropped;
  }
  if (dropped > 0 && index_) {
    for (auto series = index_->begin(); series != index_->end();) {
      std::deque<Running>& running = series->second.running;
      while (!running.empty() && running.front().second < first_kept) {
        series->second.dropped = running.front().total;
        running.pop_front();
      }
      series = running.empty() ? index_->erase(series) : std::next(series);
    }
  }
  return dropped;
}

Timestamp FrequencyWindow::newest() const {
  return buckets_.empty() ? Timestamp::min() : buckets_.rbegin()->first.start();
}

size_t FrequencyWindow::ApproxBytes() const {
  // O(1), since a hot subject's window is measured after every batch that counted a message for
  // it: each bucket's tree node, and one string on the heap (a purpose path is longer than the
  // small-string buffer; a tenant name rarely is).
  constexpr size_t kBucket = TreeNodeBytes(sizeof(std::pair<const FrequencyBucket, int64_t>)) + 32;
  size_t bytes = buckets_.size() * kBucket;
  // Count's index: a running total per bucket, and a node per series.
  if (index_) bytes += buckets_.size() * sizeof(Running) + index_->size() * kBucket;
  return bytes;
}

std::string FrequencyWindow::Encode() const {
  std::vector<std::string> tenants, purposes;
  for (const auto& [bucket, n] : buckets_) {
    tenants.push_back(bucket.tenant);
    purposes.push_back(bucket.purpose);
  }
  for (auto* dictionary : {&tenants, &purposes}) {
    std::sort(dictionary->begin(), dictionary->end());
    dictionary->erase(std::unique(dictionary->begin(), dictionary->end()), dictionary->end());
  }
  std::string out;
  ByteWriter w(&out);
  w.PutU8(kFrequencyFormatV1);
  for (const auto* dictionary : {&tenants, &purposes}) {
    w.PutVarint64(dictionary->size());
    for (const std::string& s : *dictionary) w.PutString(s);
  }
  w.PutVarint64(buckets_.size());
  int64_t previous = 0;
  for (const auto& [bucket, n] : buckets_) {
    w.PutSignedVarint64(bucket.second - previous);
    previous = bucket.second;
    w.PutVarint64(IndexOf(tenants, bucket.tenant));
    wire::PutChannel(w, bucket.channel);
    w.PutVarint64(IndexOf(purposes, bucket.purpose));
    w.PutVarint64(static_cast<uint64_t>(n));
  }
  return out;
}

StatusOr<FrequencyWindow> FrequencyWindow::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  uint8_t format;
  if (!r.ReadU8(&format)) return Malformed("empty value");
  if (format != kFrequencyFormatV1) {
    return Malformed("unknown format " + std::to_string(format));
  }
  std::vector<std::string> tenants, purposes;
  if (!ReadDictionary(r, &tenants) || !ReadDictionary(r, &purposes)) {
    return Malformed("truncated or unordered dictionary");
  }
  std::vector<bool> tenant_used(tenants.size()), purpose_used(purposes.size());
  uint64_t n;
  if (!r.ReadCount(&n)) return Malformed("truncated bucket count");
  FrequencyWindow window;
  int64_t previous = 0;
  const FrequencyBucket* last = nullptr;
  for (uint64_t i = 0; i < n; ++i) {
    int64_t delta;
    uint64_t tenant, purpose, count;
    Channel channel;
    if (!r.ReadSignedVarint64(&delta) || !r.ReadVarint64(&tenant) ||
        !wire::ReadChannel(r, &channel) || !r.ReadVarint64(&purpose) || !r.ReadVarint64(&count)) {
      return Malformed("truncated bucket");
    }
    int64_t second;
    if (__builtin_add_overflow(previous, delta, &second) || second > kMaxSecond ||
        second < -kMaxSecond) {
      return Malformed("bucket time out of range");
    }
    if (tenant >= tenants.size() || purpose >= purposes.size()) {
      return Malformed("dictionary index out of range");
    }
    if (count == 0 || count > static_cast<uint64_t>(kMaxCount)) {
      return Malformed("bucket count out of range");
    }
    FrequencyBucket bucket{second, tenants[tenant], channel, purposes[purpose]};
    if (last != nullptr && !(*last < bucket)) return Malformed("buckets out of order");
    tenant_used[tenant] = true;
    purpose_used[purpose] = true;
    previous = second;
    last = &window.buckets_.emplace_hint(window.buckets_.end(), std::move(bucket),
                                         static_cast<int64_t>(count))
                ->first;
  }
  if (!r.empty()) return Malformed("trailing bytes");
  if (std::find(tenant_used.begin(), tenant_used.end(), false) != tenant_used.end() ||
      std::find(purpose_used.begin(), purpose_used.end(), false) != purpose_used.end()) {
    return Malformed("unused dictionary entry");
  }
  return window;
}

}  // namespace consentry
