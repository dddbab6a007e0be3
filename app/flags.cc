#include "app/flags.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <sstream>

namespace consentry {
namespace {

namespace po = boost::program_options;

// Words that are not flags are collected under this name, to be named in the error.
constexpr char kPositional[] = "positional words";

// Where help text wraps, and the widest flag column before the text moves to its own line.
constexpr size_t kLineWidth = 100;
constexpr size_t kMaxFlagColumn = 30;

std::string FlagList(const std::vector<Flag>& flags, bool required_only) {
  std::string list;
  for (const Flag& f : flags) {
    if (!required_only || f.required) list += " --" + f.name;
  }
  return list;
}

std::string Join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

// Every declared flag is read as text (a switch takes an optional `=value`); types and choices
// are checked afterwards, so that each error names the flag and the value in our words.
po::options_description Describe(const CommandSpec& spec) {
  po::options_description desc;
  auto add = desc.add_options();
  add("help", po::bool_switch());
  for (const Flag& f : spec.flags) {
    if (f.type == FlagType::kSwitch) {
      add(f.name.c_str(), po::value<std::string>()->implicit_value("true"));
    } else {
      add(f.name.c_str(), po::value<std::string>());
    }
  }
  add(kPositional, po::value<std::vector<std::string>>());
  return desc;
}

Status CheckValue(const Flag& f, const std::string& value) {
  if (f.type == FlagType::kInt) {
    int64_t v = 0;
    const char* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, v);
    if (value.empty() || ec != std::errc() || ptr != end) {
      return InvalidArgument("--" + f.name + " must be an integer, not '" + value + "'");
    }
  }
  if (f.type == FlagType::kSwitch && value != "true" && value != "false") {
    return InvalidArgument("--" + f.name + " is a switch: give it bare, or =true or =false, not '" +
                           value + "'");
  }
  if (!f.choices.empty() &&
      std::find(f.choices.begin(), f.choices.end(), value) == f.choices.end()) {
    return InvalidArgument("--" + f.name + " must be one of " + Join(f.choices, ", ") + ", not '" +
                           value + "'");
  }
  return Status::Ok();
}

// Runs Program_options' command-line parser and translates its exceptions into usage errors.
StatusOr<po::variables_map> Tokenize(const std::vector<std::string>& args,
                                     const CommandSpec& spec) {
  const po::options_description desc = Describe(spec);
  po::positional_options_description positional;
  positional.add(kPositional, -1);
  // Long flags only, no guessing from a prefix.
  const int style = po::command_line_style::allow_long |
                    po::command_line_style::long_allow_adjacent |
                    po::command_line_style::long_allow_next;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).style(style).run(),
              vm);
  } catch (const po::unknown_option& e) {
    return InvalidArgument("unknown flag " + e.get_option_name() +
                           "; this command takes:" + FlagList(spec.flags, false));
  } catch (const po::multiple_occurrences& e) {
    return InvalidArgument("flag " + e.get_option_name() + " is given twice; give it once");
  } catch (const po::invalid_command_line_syntax& e) {
    if (e.kind() == po::invalid_syntax::missing_parameter) {
      return InvalidArgument("flag " + e.get_option_name() + " needs a value");
    }
    if (e.kind() == po::invalid_syntax::empty_adjacent_parameter) {
      return InvalidArgument("flag " + e.get_option_name() + " needs a value after the =");
    }
    return InvalidArgument(e.what());
  } catch (const po::error& e) {
    return InvalidArgument(e.what());
  }
  return vm;
}

// `text` wrapped to kLineWidth columns, starting at `first_column`, every line after the first
// indented by `indent` spaces.
std::string Wrap(const std::string& text, size_t indent, size_t first_column) {
  std::istringstream words(text);
  std::string word, out;
  size_t column = first_column;
  bool line_empty = true;
  while (words >> word) {
    if (!line_empty && column + 1 + word.size() > kLineWidth) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    line_empty = false;
  }
  return out;
}

std::string FlagColumn(const Flag& f) {
  if (f.type == FlagType::kSwitch) return "--" + f.name;
  const std::string value = !f.value_name.empty()      ? f.value_name
                            : f.type == FlagType::kInt ? "INT"
                                                       : "TEXT";
  return "--" + f.name + " " + value;
}

// "integer, default 5: " or "text, required: " before the flag's own help.
std::string Facts(const Flag& f) {
  std::string facts = f.type == FlagType::kInt      ? "integer"
                      : f.type == FlagType::kSwitch ? "switch"
                                                    : "text";
  if (f.required) facts += ", required";
  if (!f.choices.empty()) facts += ", one of " + Join(f.choices, "|");
  if (!f.default_value.empty()) facts += ", default " + f.default_value;
  return facts + ": ";
}

}  // namespace

StatusOr<Flags> Flags::Parse(const std::vector<std::string>& args, const CommandSpec& spec) {
  CONSENTRY_ASSIGN_OR_RETURN(const po::variables_map vm, Tokenize(args, spec));
  Flags flags;
  flags.declared_ = spec.flags;
  if (vm["help"].as<bool>()) {
    flags.help_ = true;
    return flags;
  }
  if (vm.count(kPositional)) {
    return InvalidArgument(
        "unexpected argument '" + vm[kPositional].as<std::vector<std::string>>().front() +
        "': this command takes only flags (--name value):" + FlagList(spec.flags, false));
  }
  for (const Flag& f : spec.flags) {
    if (!vm.count(f.name)) continue;
    const std::string value = vm[f.name].as<std::string>();
    CONSENTRY_RETURN_IF_ERROR(CheckValue(f, value));
    flags.given_[f.name] = value;
  }
  for (const Flag& f : spec.flags) {
    if (f.required && flags.Get(f.name).empty()) {
      return InvalidArgument("missing required flag --" + f.name +
                             " (this command needs:" + FlagList(spec.flags, true) + ")");
    }
  }
  return flags;
}

const Flag& Flags::Declared(const std::string& name) const {
  for (const Flag& f : declared_) {
    if (f.name == name) return f;
  }
  // A command reads only the flags it declares: anything else is our own bug.
  DieOnFailedCheck(("flag --" + name + " is declared").c_str(), __FILE__, __LINE__);
}

std::string Flags::Get(const std::string& name) const {
  const Flag& f = Declared(name);
  auto it = given_.find(name);
  if (it != given_.end()) return it->second;
  if (f.type == FlagType::kSwitch && f.default_value.empty()) return "false";
  return f.default_value;
}

StatusOr<std::string> Flags::Required(const std::string& name) const {
  std::string value = Get(name);
  if (value.empty()) return InvalidArgument("missing required flag --" + name);
  return value;
}

int64_t Flags::Int(const std::string& name) const {
  const Flag& f = Declared(name);
  CONSENTRY_CHECK(f.type == FlagType::kInt);
  const std::string value = Get(name);
  int64_t v = 0;
  std::from_chars(value.data(), value.data() + value.size(), v);
  return v;
}

std::string Synopsis(const CommandSpec& spec) {
  std::string line = "consentry " + spec.name;
  bool optional = false;
  for (const Flag& f : spec.flags) {
    if (f.required) {
      line += " " + FlagColumn(f);
    } else {
      optional = true;
    }
  }
  return optional ? line + " [flags]" : line;
}

std::string Listing(const CommandSpec& spec) {
  // The first sentence ends at ". " or "? " (a path such as docs/api.md does not end it).
  size_t end = std::min(spec.summary.find(". "), spec.summary.find("? "));
  const std::string first =
      end == std::string::npos ? spec.summary : spec.summary.substr(0, end + 1);
  return "  " + Synopsis(spec) + "\n      " + Wrap(first, 6, 6) + "\n";
}

std::string HelpText(const CommandSpec& spec) {
  std::string out = "usage: " + Synopsis(spec) + "\n\n" + Wrap(spec.summary, 0, 0) + "\n\nflags:\n";
  std::vector<Flag> all = spec.flags;
  all.push_back(
      Flag{.name = "help", .type = FlagType::kSwitch, .help = "print this help and exit"});
  size_t width = 0;
  for (const Flag& f : all) {
    const size_t w = FlagColumn(f).size();
    if (w <= kMaxFlagColumn) width = std::max(width, w);
  }
  const size_t text_column = 2 + width + 2;
  for (const Flag& f : all) {
    const std::string column = "  " + FlagColumn(f);
    const std::string text = (f.name == "help" ? "" : Facts(f)) + f.help;
    if (column.size() + 2 > text_column) {
      out += column + "\n" + std::string(text_column, ' ');
    } else {
      out += column + std::string(text_column - column.size(), ' ');
    }
    out += Wrap(text, text_column, text_column) + "\n";
  }
  return out;
}

}  // namespace consentry
