#pragma once
// Reading topics to their end outside any consumer group (nothing is joined nor committed),
// read_committed: records of aborted transactions are skipped, and transaction markers (which
// take offsets but are never delivered) do not stop a read from seeing its end: a partition ends
// where librdkafka reports end-of-partition, for topics written with and without transactions.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "kafka/client_config.h"
#include "kafka/record.h"

namespace consentry::kafka {

// Every partition of `topic` from the beginning up to the end offsets it had when the call
// started (records appended since are left out). For tools and tests: dumping the alerts or DLQ
// topic. Unavailable if the end is not reached within `timeout`.
StatusOr<std::vector<Record>> ReadTopic(
    const Settings& settings, const std::string& topic,
    std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Reads partition `partition` of `topic` from `from_offset` (from the log start if that is
// later, e.g. after retention or compaction removed the beginning) to its current end, and
// calls `visit` for each committed record in offset order. The Record passed to `visit` is
// reused for the next record: copy what must outlive the call. A tombstone has `null_value`.
// `progress(next_offset, end_offset)`, when given, is called about once a second and once at
// the end, with the offset reached and the high watermark when the read started.
//
// Returns the offset to read from next time: the position at the end of the partition, which
// may be past transaction markers and aborted records, so it can be above the last visited
// record's offset + 1. Reading again from there returns only what was appended since. A
// transaction still open ends the read where it begins (the last stable offset), possibly below
// `from_offset` (then `from_offset` is returned): a caller that must see everything compares the
// result with the high watermark that `progress` reports and reads again once it has ended.
//
// Errors: the first non-OK `visit` result ends the read and is returned as is; NotFound if the
// topic does not exist; FailedPrecondition if `from_offset` is beyond the partition's end (the
// topic was deleted and recreated, or truncated: what was read before is not this log);
// Unavailable if neither a record nor the end arrives for `stall_timeout` (broker unreachable).
//
// Built for restoring state: large fetches (the settings may override them), no allocation per
// record once the Record's buffers have grown.
StatusOr<int64_t> ReadPartition(
    const Settings& settings, const std::string& topic, int32_t partition, int64_t from_offset,
    const std::function<Status(const Record&)>& visit,
    const std::function<void(int64_t next_offset, int64_t end_offset)>& progress = {},
    std::chrono::milliseconds stall_timeout = std::chrono::seconds(60));

}  // namespace consentry::kafka
