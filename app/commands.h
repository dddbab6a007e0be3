#pragma once
// The `consentry` subcommands. Each is its flags (which also make its --help) and the function
// that runs it; main() finds the command, parses the flags and calls it.
//
// Exit status: 0 success; 1 failure, the reason on stderr; 2 usage error (a flag that does not
// parse, or a value `check_usage` refuses), the reason and the command's usage on stderr; 3 a
// shadow run found differences (`replay --baseline-config`).

#include <functional>
#include <string>
#include <vector>

#include "app/flags.h"
#include "core/status.h"

namespace consentry {

using Args = std::vector<std::string>;

struct Command {
  CommandSpec spec;
  // Optional: checks the flags' values beyond their types; an error is a usage error.
  std::function<Status(const Flags&)> check_usage;
  // The exit status when it succeeds (0 but for a few documented cases), or why it failed.
  std::function<StatusOr<int>(const Flags&)> run;
};

// A command that exits 0 whenever it succeeds.
inline std::function<StatusOr<int>(const Flags&)> ExitZero(
    std::function<Status(const Flags&)> run) {
  return [run = std::move(run)](const Flags& flags) -> StatusOr<int> {
    CONSENTRY_RETURN_IF_ERROR(run(flags));
    return 0;
  };
}

Command RunCommand();           // consentry run
Command ReplayCommand();        // consentry replay
Command ServeCommand();         // consentry serve
Command CheckConfigCommand();   // consentry check-config
Command TopicsCreateCommand();  // consentry topics create
Command GenCommand();           // consentry gen
Command ProduceCommand();       // consentry produce
Command DumpCommand();          // consentry dump
Command ScoreCommand();         // consentry score
Command ExplainCommand();       // consentry explain
Command KeysGenerateCommand();  // consentry keys generate
Command KeysTokenCommand();     // consentry keys token
Command AuditVerifyCommand();   // consentry audit verify
Command ReportCommand();        // consentry report (the regulator report)
Command VerifyCommand();        // consentry verify (a signed report directory)

// Every command, in the order `consentry --help` lists them.
std::vector<Command> AllCommands();

// Runs the command that `args` (the words after `consentry`) name; returns the exit status.
int RunCli(const Args& args);

}  // namespace consentry
