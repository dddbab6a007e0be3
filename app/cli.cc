// Finding the command a command line names, parsing its flags, and the top-level help.

#include <cstdio>

#include "app/command_util.h"
#include "app/commands.h"

namespace consentry {
namespace {

std::string TopLevelHelp(const std::vector<Command>& commands) {
  std::string out =
      "usage: consentry COMMAND [flags]\n"
      "       consentry COMMAND --help   (the command's flags, their types and defaults)\n\n"
      "commands:\n";
  for (const Command& c : commands) {
    out += Listing(c.spec);
  }
  out +=
      "\nexit status: 0 success, 1 failure (reason on stderr), 2 usage error (unknown, repeated\n"
      "or missing flag, a value of the wrong type, a stray argument), 3 a shadow run (replay\n"
      "--baseline-config) found differences\n";
  return out;
}

// The words of a command's name ("topics create": two) match the start of `args`.
bool Names(const Command& c, const Args& args, size_t* words) {
  size_t n = 0, start = 0;
  const std::string& name = c.spec.name;
  while (start <= name.size()) {
    const size_t end = std::min(name.find(' ', start), name.size());
    if (n >= args.size() || args[n] != name.substr(start, end - start)) return false;
    ++n;
    start = end + 1;
  }
  *words = n;
  return true;
}

int Usage(const Command& c, const Status& status) {
  const int code = Fail(c.spec.name, status, /*usage=*/true);
  std::fprintf(stderr, "usage: %s\n(consentry %s --help lists every flag)\n",
               Synopsis(c.spec).c_str(), c.spec.name.c_str());
  return code;
}

int Execute(const Command& c, const Args& args) {
  auto flags = Flags::Parse(args, c.spec);
  if (!flags.ok()) return Usage(c, flags.status());
  if (flags->help()) {
    std::fputs(HelpText(c.spec).c_str(), stdout);
    return 0;
  }
  if (c.check_usage) {
    const Status s = c.check_usage(*flags);
    if (!s.ok()) return Usage(c, s);
  }
  const StatusOr<int> code = c.run(*flags);
  return code.ok() ? *code : Fail(c.spec.name, code.status());
}

}  // namespace

std::vector<Command> AllCommands() {
  return {RunCommand(),          ReplayCommand(),  ServeCommand(),        CheckConfigCommand(),
          TopicsCreateCommand(), GenCommand(),     ProduceCommand(),      DumpCommand(),
          ScoreCommand(),        ExplainCommand(), KeysGenerateCommand(), KeysTokenCommand(),
          AuditVerifyCommand(),  ReportCommand(),  VerifyCommand()};
}

int RunCli(const Args& args) {
  const std::vector<Command> commands = AllCommands();
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::fputs(TopLevelHelp(commands).c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  for (const Command& c : commands) {
    size_t words = 0;
    if (Names(c, args, &words)) return Execute(c, Args(args.begin() + words, args.end()));
  }
  // A known first word with an unknown second ("keys frobnicate"): list that word's commands.
  std::string family;
  for (const Command& c : commands) {
    if (c.spec.name.rfind(args[0] + " ", 0) == 0) family += "\n  " + Synopsis(c.spec);
  }
  if (!family.empty()) {
    const std::string problem =
        args.size() < 2 ? "name a subcommand" : "unknown subcommand '" + args[1] + "'";
    std::fprintf(stderr, "consentry %s: %s; one of:%s\n", args[0].c_str(), problem.c_str(),
                 family.c_str());
    return 2;
  }
  std::fprintf(stderr, "consentry: unknown command '%s'\n\n%s", args[0].c_str(),
               TopLevelHelp(commands).c_str());
  return 2;
}

}  // namespace consentry
