#include "app/flags.h"

#include <charconv>

namespace consentry {
namespace {

std::string FlagList(const std::set<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += " --" + n;
  return list;
}

}  // namespace

StatusOr<Flags> Flags::Parse(const std::vector<std::string>& args, const FlagSpec& spec) {
  std::set<std::string> known = spec.optional;
  known.insert(spec.required.begin(), spec.required.end());
  known.insert(spec.boolean.begin(), spec.boolean.end());
  Flags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      return InvalidArgument("unexpected argument '" + arg +
                             "': this command takes only flags (--name value):" +
                             FlagList(known));
    }
    std::string name = arg.substr(2), value;
    const size_t eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (!known.contains(name)) {
      return InvalidArgument("unknown flag --" + name + "; this command takes:" +
                             FlagList(known));
    }
    if (flags.values_.contains(name)) {
      return InvalidArgument("flag --" + name + " is given twice; give it once");
    }
    if (spec.boolean.contains(name)) {
      flags.values_[name] = inline_value ? value : "true";
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) return InvalidArgument("flag --" + name + " needs a value");
      value = args[++i];
    }
    flags.values_[name] = value;
  }
  for (const auto& name : spec.required) {
    if (flags.Get(name).empty()) {
      return InvalidArgument("missing required flag --" + name + " (this command needs:" +
                             FlagList(spec.required) + ")");
    }
  }
  return flags;
}

StatusOr<Flags> Flags::Parse(const std::vector<std::string>& args,
                             const std::set<std::string>& known,
                             const std::set<std::string>& boolean) {
  return Parse(args, FlagSpec{.required = {}, .optional = known, .boolean = boolean});
}

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

StatusOr<std::string> Flags::Required(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) {
    return InvalidArgument("missing required flag --" + name);
  }
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
