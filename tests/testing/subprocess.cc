#include "tests/testing/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace consentry::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Process::Process(const std::vector<std::string>& argv, const std::string& log_prefix)
    : out_path_(log_prefix + ".out"), err_path_(log_prefix + ".err") {
  pid_ = ::fork();
  if (pid_ == 0) {
    const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
}

Process::~Process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void Process::Kill(int signal) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, signal);
}

namespace {

// The resident set of a running process, from /proc (0 if unknown).
long ResidentKib(pid_t pid) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  long size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

}  // namespace

ProcessResult Process::Wait(std::chrono::seconds timeout, long max_rss_kib) {
  ProcessResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (!reaped_) {
    struct rusage usage {};
    const pid_t r = ::wait4(pid_, &status, WNOHANG, &usage);
    if (r == pid_) {
      reaped_ = true;
      if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
      result.max_rss_kib = usage.ru_maxrss;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline ||
        (max_rss_kib > 0 && ResidentKib(pid_) > max_rss_kib)) {
      ::kill(pid_, SIGKILL);
      ::wait4(pid_, &status, 0, &usage);
      reaped_ = true;
      result.max_rss_kib = usage.ru_maxrss;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  result.out = ReadFile(out_path_);
  result.err = ReadFile(err_path_);
  return result;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& log_prefix,
                         std::chrono::seconds timeout, long max_rss_kib) {
  Process p(argv, log_prefix);
  return p.Wait(timeout, max_rss_kib);
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace consentry::testing
