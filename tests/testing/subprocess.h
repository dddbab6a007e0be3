#pragma once
// Runs the real `consentry` binary (and the project's scripts) from tests, the way a person or
// an operator would, capturing stderr and stdout to files.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace consentry::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal, timed out or over its memory limit
  std::string out;
  std::string err;
  long max_rss_kib = -1;  // the process's peak resident set size (getrusage), once it exited
};

class Process {
 public:
  // Starts `argv` with stdout and stderr redirected to files under `log_prefix`.
  Process(const std::vector<std::string>& argv, const std::string& log_prefix);
  ~Process();  // kills the process if still running

  // Waits for exit (SIGKILL after `timeout`, or as soon as its resident memory passes
  // `max_rss_kib` when that is positive: a regression that makes the process grow without bound
  // must fail its test, not exhaust the machine's memory).
  ProcessResult Wait(std::chrono::seconds timeout, long max_rss_kib = 0);
  void Kill(int signal);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string out_path_, err_path_;
  bool reaped_ = false;
};

// Runs to completion (see Process::Wait).
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& log_prefix,
                         std::chrono::seconds timeout = std::chrono::seconds(120),
                         long max_rss_kib = 0);

std::string ReadFile(const std::string& path);
// The lines of `path`, without their newlines.
std::vector<std::string> ReadLines(const std::string& path);

}  // namespace consentry::testing
