#include "app/config_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace consentry {
namespace {

constexpr const char* kFix =
    "; fix: give --config a consentry YAML file, e.g. configs/consentry.yaml";

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string Size(size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

StatusOr<std::string> ReadConfigFile(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(path + ": is a directory, not a configuration file" + kFix);
  }
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return FailedPrecondition(path + ": cannot open the configuration file (" +
                              std::strerror(errno) + ")" + kFix);
  }
  std::string text;
  char buffer[64 * 1024];
  while (text.size() <= max_bytes) {
    const size_t want = std::min(sizeof buffer, max_bytes + 1 - text.size());
    const size_t got = std::fread(buffer, 1, want, file.get());
    text.append(buffer, got);
    if (got < want) break;
  }
  if (std::ferror(file.get())) {
    return FailedPrecondition(path + ": reading the configuration file failed (" +
                              std::strerror(errno) + ")" + kFix);
  }
  if (text.size() > max_bytes) {
    return InvalidArgument(path + ": larger than the limit of " + Size(max_bytes) +
                           " for a configuration file (is it a device or a data file?)" + kFix);
  }
  return text;
}

}  // namespace consentry
