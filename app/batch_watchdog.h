#pragma once
// Says in the log when a batch of `consentry run` takes too long: librdkafka retries a broker
// that is away inside the call that needs it (a transaction commit may wait out the
// transaction timeout and retry), so the run loop itself cannot say it is degraded meanwhile.
// A thread of its own watches the batch in progress and logs one line when it has run longer
// than `after`, and one when it ends.
//
//   BatchWatchdog watchdog(std::chrono::seconds(10));
//   { BatchWatchdog::Batch batch(watchdog); ...process and commit... }

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/log.h"

namespace consentry {

class BatchWatchdog {
 public:
  explicit BatchWatchdog(std::chrono::seconds after) : after_(after), thread_([this] { Watch(); }) {}
  ~BatchWatchdog() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  BatchWatchdog(const BatchWatchdog&) = delete;
  BatchWatchdog& operator=(const BatchWatchdog&) = delete;

  // The batch in progress, for as long as it lives.
  class Batch {
   public:
    explicit Batch(BatchWatchdog& w) : w_(w) {
      std::lock_guard lock(w_.mu_);
      w_.started_ = Clock::now();
      w_.in_batch_ = true;
    }
    ~Batch() {
      std::lock_guard lock(w_.mu_);
      w_.in_batch_ = false;
      if (w_.reported_) {
        log::Info("run", "recovered: the batch ended after " +
                             std::to_string(w_.Elapsed().count()) + "s");
        w_.reported_ = false;
      }
    }
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

   private:
    BatchWatchdog& w_;
  };

 private:
  using Clock = std::chrono::steady_clock;
  std::chrono::seconds Elapsed() const {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_);
  }
  void Watch() {
    std::unique_lock lock(mu_);
    while (!done_) {
      wake_.wait_for(lock, std::chrono::seconds(1));
      if (in_batch_ && !reported_ && Clock::now() - started_ > after_) {
        log::Warn("run", "degraded: a batch has not committed for " +
                             std::to_string(Elapsed().count()) +
                             "s (the broker or the disk is unavailable?); waiting, nothing is "
                             "lost");
        reported_ = true;
      }
    }
  }

  const std::chrono::seconds after_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool done_ = false;
  bool in_batch_ = false;
  bool reported_ = false;
  Clock::time_point started_;
  std::thread thread_;  // last: starts once everything above is initialised
};

}  // namespace consentry
