#pragma once
// Where the engine's output goes: Kafka topics in `consentry run`, files in `consentry replay`.
// Emit() may only queue; Flush() returns OK once everything emitted so far is durable. The
// engine writes state and input offsets only after a successful Flush (at-least-once).

#include "alerts/alert.h"
#include "core/status.h"
#include "ingest/dlq_record.h"

namespace consentry {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status Emit(const Alert& alert) = 0;
  virtual Status Emit(const DlqEntry& entry) = 0;
  virtual Status Flush() = 0;
};

}  // namespace consentry
