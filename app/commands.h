#pragma once
// The `consentry` subcommands. Each takes its arguments (after the subcommand name) and returns
// the process exit code: 0 success, 1 failure (the reason printed on stderr), 2 usage error.

#include <string>
#include <vector>

namespace consentry {

using Args = std::vector<std::string>;

int RunCommand(const Args& args);          // consentry run
int ReplayCommand(const Args& args);       // consentry replay
int CheckConfigCommand(const Args& args);  // consentry check-config
int TopicsCommand(const Args& args);       // consentry topics create
int GenCommand(const Args& args);          // consentry gen
int ProduceCommand(const Args& args);      // consentry produce
int DumpCommand(const Args& args);         // consentry dump
int ScoreCommand(const Args& args);        // consentry score
int ExplainCommand(const Args& args);      // consentry explain
int KeysCommand(const Args& args);         // consentry keys generate
int AuditCommand(const Args& args);        // consentry audit verify
int ServeCommand(const Args& args);        // consentry serve

}  // namespace consentry
