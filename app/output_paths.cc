#include "app/output_paths.h"

#include <filesystem>
#include <system_error>

namespace consentry {
namespace {

namespace fs = std::filesystem;

fs::path Normalized(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path, ec).lexically_normal() : p;
}

}  // namespace

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) {
    const bool same = fs::equivalent(a, b, ec);
    return !ec && same;
  }
  return Normalized(a) == Normalized(b);
}

Status CheckDistinctFiles(const std::vector<std::pair<std::string_view, std::string>>& files) {
  for (size_t i = 0; i < files.size(); ++i) {
    for (size_t j = i + 1; j < files.size(); ++j) {
      const auto& [flag_a, a] = files[i];
      const auto& [flag_b, b] = files[j];
      if (a.empty() || b.empty() || !SameFile(a, b)) continue;
      std::error_code ec;
      const fs::file_status status = fs::status(a, ec);
      if (fs::exists(status) && !fs::is_regular_file(status)) continue;  // a device or a pipe
      return InvalidArgument("--" + std::string(flag_a) + " and --" + std::string(flag_b) +
                             " name the same file (" + a + (a == b ? "" : " and " + b) +
                             "): writing one would destroy the other; give them different "
                             "paths");
    }
  }
  return Status::Ok();
}

}  // namespace consentry
