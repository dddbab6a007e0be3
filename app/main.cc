// consentry: streaming consent, purpose and spam checks for outbound customer communication.

#include <cstdio>
#include <string>
#include <string_view>

#include "app/commands.h"

namespace {

constexpr std::string_view kUsage = R"(usage: consentry COMMAND [flags]

commands:
  run           --config FILE [--bootstrap HOST:PORT] [--state-dir DIR] [--until-idle SECONDS]
                [--progress SECONDS] [--http ADDRESS:PORT]
                consume the input topics, judge every message, publish alerts; --http serves
                /healthz, /readyz and /metrics
  replay        --config FILE --input FILE.jsonl --alerts-out FILE [--dlq-out FILE] [--state-dir DIR]
                [--now RFC3339]          the same pipeline over a JSONL file, without Kafka
                (backtests); event times past --now (default: the wall clock) plus the
                configured future skew go to the DLQ
  serve         --config FILE [--bootstrap HOST:PORT] [--state-dir DIR] [--listen ADDRESS:PORT]
                group the alerts topic into incidents, keep the audit log, serve the API
                (docs/api.md)
  check-config  --config FILE            validate a configuration without running
  topics create --config FILE [--bootstrap HOST:PORT]
                create every topic with the configured partition counts and cleanup policies
  gen           --out FILE --labels FILE [--seed N] [--subjects N] [--messages-per-subject N]
                [--malformed N] [--sender-scenarios N]
                                         synthetic traffic with ground-truth labels
  produce       --config FILE --input FILE.jsonl [--bootstrap HOST:PORT]
                send a JSONL stream to the input topics, each record to its schema's topic
  dump          --config FILE --topic NAME --out FILE [--bootstrap HOST:PORT]
                write a whole topic (alerts, DLQ) to a JSONL file
  score         --alerts FILE --labels FILE [--dlq FILE] [--min-recall-pct N]
                [--min-precision-pct N] [--min-sender-recall-pct N]
                [--min-sender-precision-pct N] [--net-out FILE]
                net alerts (alerts minus retractions) by detector, precision and recall
                against the generator's labels; exits non-zero below the minimums or when
                a sender-level alert matches a hard-negative label
  explain       --config FILE --subject ID --at RFC3339 [--state-dir DIR] [--tenant T]
                [--channel C] [--purpose P] [--jurisdiction J] [--campaign ID] [--sender ID]
                [--has-unsubscribe B] [--ai-generated B] [--ai-disclosed B] [--data-sources A,B]
                [--json]                 the subject's consent timeline and every detector's
                verdict on a message at that time (why was this flagged?); reads the state
                read-only, beside a running job
  keys generate --private-out FILE --public-out FILE
                a new Ed25519 key pair (PEM) for signing the audit log; never overwrites
  keys token    --name NAME --role viewer|reviewer|regulator|admin
                a new bearer token for serve's API and the config line with its hash
  audit verify  --input EXPORT.jsonl --public-key FILE
                check an audit log export offline: every hash link and the signed head;
                names the first bad line

exit status: 0 success, 1 failure (reason on stderr), 2 usage error (unknown, repeated or
missing flag, stray argument)
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "help") {
    std::fputs(kUsage.data(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const consentry::Args args(argv + 2, argv + argc);
  if (command == "run") return consentry::RunCommand(args);
  if (command == "replay") return consentry::ReplayCommand(args);
  if (command == "check-config") return consentry::CheckConfigCommand(args);
  if (command == "topics") return consentry::TopicsCommand(args);
  if (command == "gen") return consentry::GenCommand(args);
  if (command == "produce") return consentry::ProduceCommand(args);
  if (command == "dump") return consentry::DumpCommand(args);
  if (command == "score") return consentry::ScoreCommand(args);
  if (command == "explain") return consentry::ExplainCommand(args);
  if (command == "keys") return consentry::KeysCommand(args);
  if (command == "audit") return consentry::AuditCommand(args);
  if (command == "serve") return consentry::ServeCommand(args);
  std::fprintf(stderr, "consentry: unknown command '%s'\n\n%s", command.c_str(), kUsage.data());
  return 2;
}
