#pragma once
// Runs the real `consentry` binary (and the project's scripts) from tests, the way a person or
// an operator would, capturing stderr and stdout to files.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace consentry::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

class Process {
 public:
  // Starts `argv` with stdout and stderr redirected to files under `log_prefix`.
  Process(const std::vector<std::string>& argv, const std::string& log_prefix);
  ~Process();  // kills the process if still running

  // Waits for exit (SIGKILL after `timeout`).
  ProcessResult Wait(std::chrono::seconds timeout);
  void Kill(int signal);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string out_path_, err_path_;
  bool reaped_ = false;
};

// Runs to completion.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& log_prefix,
                         std::chrono::seconds timeout = std::chrono::seconds(120));

std::string ReadFile(const std::string& path);
// The lines of `path`, without their newlines.
std::vector<std::string> ReadLines(const std::string& path);

}  // namespace consentry::testing
