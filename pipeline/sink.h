#pragma once
// Where the engine's output goes: Kafka topics in `consentry run`, files in `consentry replay`.
// Emit() may only queue; Flush() returns OK once everything emitted so far is durable. The
// engine writes state and input offsets only after a successful Flush (at-least-once).
//
// Sender records (pipeline/sender_record.h) go to `consentry.by-sender` in a Kafka run, or
// straight to the in-process sender stage in a replay; the engine emits them only when it was
// told the by-sender partition count (EngineOptions::sender_partitions).

#include "alerts/alert.h"
#include "core/status.h"
#include "ingest/dlq_record.h"
#include "pipeline/sender_record.h"

namespace consentry {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status Emit(const Alert& alert) = 0;
  virtual Status Emit(const DlqEntry& entry) = 0;
  virtual Status Emit(const SenderRecord& record) = 0;
  virtual Status Flush() = 0;
};

}  // namespace consentry
