#include "app/flags.h"

#include <charconv>

namespace consentry {

StatusOr<Flags> Flags::Parse(const std::vector<std::string>& args, const std::set<std::string>& known,
                             const std::set<std::string>& boolean) {
  Flags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      flags.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (!known.contains(name)) {
      std::string list;
      for (const auto& k : known) list += " --" + k;
      return InvalidArgument("unknown flag --" + name + "; this command takes:" + list);
    }
    if (boolean.contains(name)) {
      flags.values_[name] = inline_value ? value : "true";
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) return InvalidArgument("flag --" + name + " needs a value");
      value = args[++i];
    }
    flags.values_[name] = value;
  }
  return flags;
}

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

StatusOr<std::string> Flags::Required(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return InvalidArgument("missing --" + name);
  return it->second;
}

StatusOr<int64_t> Flags::Int(const std::string& name, int64_t fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  int64_t v = 0;
  const auto* end = it->second.data() + it->second.size();
  auto [ptr, ec] = std::from_chars(it->second.data(), end, v);
  if (ec != std::errc() || ptr != end) {
    return InvalidArgument("--" + name + " must be an integer, not '" + it->second + "'");
  }
  return v;
}

}  // namespace consentry
