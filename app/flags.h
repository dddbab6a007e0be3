#pragma once
// Command-line flags, declared per command and parsed with Boost.Program_options.
//
// A command lists its flags (name, type, default, help) in a CommandSpec; that one list drives
// parsing, `consentry COMMAND --help` and the command line in `consentry --help`. Flags are
// `--name value` or `--name=value`; a switch is a bare `--name` (or `--name=false`). Anything
// else is a usage error (exit 2) that names it: an unknown flag, a flag given twice, a required
// flag missing or empty, a value missing, not an integer or not one of the allowed choices, or a
// word that is not a flag (no command takes positional arguments). Abbreviations are refused:
// `--conf` is not `--config`.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace consentry {

enum class FlagType { kText, kInt, kSwitch };

struct Flag {
  std::string name;  // without the dashes
  FlagType type = FlagType::kText;
  std::string value_name;            // what the value is, in help: FILE, DIR, HOST:PORT, SECONDS
  std::string help;                  // a sentence or two
  bool required = false;             // must be given, with a non-empty value
  std::string default_value;         // used when the flag is absent; shown in help
  std::vector<std::string> choices;  // when not empty, the only values accepted
};

struct CommandSpec {
  std::string name;     // as typed after `consentry`: "run", "topics create"
  std::string summary;  // what the command does, a sentence or two
  std::vector<Flag> flags;
};

class Flags {
 public:
  // Parses `args` (the words after the command's name). `--help` anywhere asks for help: the
  // result then has help() set and nothing else is checked.
  static StatusOr<Flags> Parse(const std::vector<std::string>& args, const CommandSpec& spec);

  bool help() const { return help_; }
  // Whether the flag was given on the command line.
  bool Has(const std::string& name) const { return given_.contains(name); }
  // The value given, else the declared default, else "". A switch reads "true" or "false".
  std::string Get(const std::string& name) const;
  // Get, for a required flag: never empty after Parse, an error naming the flag otherwise.
  StatusOr<std::string> Required(const std::string& name) const;
  // An integer flag's value or its declared default (Parse checked the type).
  int64_t Int(const std::string& name) const;
  bool Switch(const std::string& name) const { return Get(name) == "true"; }

 private:
  const Flag& Declared(const std::string& name) const;

  std::vector<Flag> declared_;
  std::map<std::string, std::string> given_;
  bool help_ = false;
};

// `consentry COMMAND --help`: the usage line, the summary and every flag with its type and
// default.
std::string HelpText(const CommandSpec& spec);

// The one-line synopsis: the name, the required flags, "[flags]".
std::string Synopsis(const CommandSpec& spec);

// The command's entry in `consentry --help`: its synopsis and the summary's first sentence.
std::string Listing(const CommandSpec& spec);

}  // namespace consentry
