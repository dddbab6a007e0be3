// The consentry binary as a person uses it, without a broker: usage errors, check-config on a
// broken file, and replay's determinism.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/cli_fixture.h"

namespace consentry {
namespace {

using testing::RunProcess;

class CliTest : public testing::CliFixture {};

TEST_F(CliTest, CheckConfigNamesFileLineAndProblem) {
  Write("broken.yaml",
        "kafka:\n  bootstrap.servers: x\ndetectors:\n  consent.missing: {}\n"
        "processing:\n  allowed_lateness: 5 seconds\n");
  auto r = Consentry({"check-config", "--config", Path("broken.yaml")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(Path("broken.yaml") + ":6:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("allowed_lateness is not a duration"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fix:"), std::string::npos) << r.err;
}

TEST_F(CliTest, CheckConfigShowsKafkaSettingsWithSecretsRedacted) {
  std::ofstream(Path("secret.yaml")) << "kafka:\n  bootstrap.servers: 127.0.0.1:9\n"
                                     << "  sasl.username: alice\n"
                                     << "  sasl.password: planted-9d41c7\n"
                                     << "detectors:\n  consent.missing: {}\n";
  auto r = Consentry({"check-config", "--config", Path("secret.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sasl.username=alice"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sasl.password=***"), std::string::npos) << r.out;
  EXPECT_EQ((r.out + r.err).find("planted-9d41c7"), std::string::npos) << r.out << r.err;
}

TEST_F(CliTest, CheckConfigAcceptsTheShippedConfig) {
  auto r = Consentry(
      {"check-config", "--config", std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("OK ("), std::string::npos) << r.out;
  for (const char* consent :
       {"consent.missing", "consent.expired", "consent.third_party_unnamed", "consent.withdrawn"}) {
    EXPECT_NE(r.out.find(consent), std::string::npos) << consent << " in " << r.out;
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Consentry({}).exit_code, 2);
  EXPECT_EQ(Consentry({"frobnicate"}).exit_code, 2);
  auto r = Consentry({"replay", "--confg", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown flag --confg"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: consentry replay --config FILE [flags]"), std::string::npos)
      << r.err;
  r = Consentry({"gen", "--out", Path("t"), "--labels", Path("l"), "--seed", "many"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--seed must be an integer, not 'many'"), std::string::npos) << r.err;
  r = Consentry({"keys", "token", "--name", "ana", "--role", "root"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--role must be one of viewer, reviewer, regulator, admin"),
            std::string::npos)
      << r.err;
  r = Consentry({"keys", "rotate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown subcommand 'rotate'; one of:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("consentry keys token --name NAME --role ROLE"), std::string::npos) << r.err;
}

// Every command answers --help on stdout with exit 0: its usage line and each flag with its type
// and, where it has one, its default.
TEST_F(CliTest, EveryCommandHasHelpWithTypesAndDefaults) {
  auto top = Consentry({"--help"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  const std::vector<std::vector<std::string>> commands = {{"run"},
                                                          {"replay"},
                                                          {"serve"},
                                                          {"check-config"},
                                                          {"topics", "create"},
                                                          {"gen"},
                                                          {"produce"},
                                                          {"dump"},
                                                          {"score"},
                                                          {"explain"},
                                                          {"keys", "generate"},
                                                          {"keys", "token"},
                                                          {"audit", "verify"},
                                                          {"verify"}};
  for (auto args : commands) {
    std::string name;
    for (const auto& word : args) name += (name.empty() ? "" : " ") + word;
    EXPECT_NE(top.out.find("  consentry " + name + " "), std::string::npos) << name;
    args.push_back("--help");
    auto r = Consentry(args);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_EQ(r.out.rfind("usage: consentry " + name + " ", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("text, required: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  --help "), std::string::npos) << r.out;
  }
  auto run = Consentry({"run", "--help"});
  EXPECT_NE(run.out.find("  --progress SECONDS     integer, default 5: "), std::string::npos)
      << run.out;
  auto gen = Consentry({"gen", "--help"});
  EXPECT_NE(gen.out.find("  --subjects N              integer, default 1000: "), std::string::npos)
      << gen.out;
  auto explain = Consentry({"explain", "--help"});
  EXPECT_NE(explain.out.find("  --json                  switch: "), std::string::npos)
      << explain.out;
}

TEST_F(CliTest, JsonLogsAreOneObjectPerLineAndTheFileSetsTheLevel) {
  ASSERT_EQ(Consentry({"gen", "--out", Path("t.jsonl"), "--labels", Path("l.jsonl"), "--subjects",
                       "50", "--malformed", "3", "--seed", "5"})
                .exit_code,
            0);
  const std::string shipped =
      testing::ReadFile(std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml");
  Write("json.yaml", shipped.substr(0, shipped.find("logging:")) + "logging: {format: json}\n" +
                         shipped.substr(shipped.find("\n\n", shipped.find("logging:"))));
  auto r = Consentry({"replay", "--config", Path("json.yaml"), "--input", Path("t.jsonl"),
                      "--alerts-out", Path("a.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.err.empty());
  size_t lines = 0;
  for (size_t start = 0; start < r.err.size(); ++lines) {
    const size_t end = r.err.find('\n', start);
    ASSERT_NE(end, std::string::npos) << "unterminated last line: " << r.err.substr(start);
    const std::string line = r.err.substr(start, end - start);
    EXPECT_EQ(line.rfind("{\"time\":\"", 0), 0u) << line;
    EXPECT_EQ(line.back(), '}') << line;
    EXPECT_NE(line.find("\"level\":\"info\",\"component\":"), std::string::npos) << line;
    start = end + 1;
  }
  EXPECT_GE(lines, 1u);
  // A failure is an error line in the same format; level off silences even that.
  r = Consentry({"replay", "--config", Path("json.yaml"), "--input", Path("missing.jsonl"),
                 "--alerts-out", Path("a.jsonl")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("\"level\":\"error\",\"component\":\"replay\""), std::string::npos) << r.err;
  r = RunProcess(
      {"/usr/bin/env", "CONSENTRY_LOG_LEVEL=off", CONSENTRY_BIN, "replay", "--config",
       Path("json.yaml"), "--input", Path("missing.jsonl"), "--alerts-out", Path("a.jsonl")},
      Path("consentry"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, ReplayIsDeterministicAndScoresPerfectlyOnGeneratedTraffic) {
  const std::string config = std::string(CONSENTRY_SOURCE_DIR) + "/configs/consentry.yaml";
  ASSERT_EQ(Consentry({"gen", "--out", Path("t.jsonl"), "--labels", Path("l.jsonl"), "--subjects",
                       "800", "--malformed", "7", "--seed", "11"})
                .exit_code,
            0);
  for (const char* out : {"a1.jsonl", "a2.jsonl"}) {
    auto r = Consentry({"replay", "--config", config, "--input", Path("t.jsonl"), "--alerts-out",
                        Path(out), "--dlq-out", Path(std::string("dlq-") + out)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // Same input, same alerts: compare without detected_at, the only wall-clock field.
  auto strip = [](std::string s) {
    std::string out;
    size_t pos = 0;
    while (true) {
      const size_t at = s.find("\"detected_at\":\"", pos);
      out += s.substr(pos, at == std::string::npos ? std::string::npos : at - pos);
      if (at == std::string::npos) break;
      pos = s.find('"', at + 15) + 1;
    }
    return out;
  };
  const std::string a1 = testing::ReadFile(Path("a1.jsonl"));
  EXPECT_FALSE(a1.empty());
  EXPECT_EQ(strip(a1), strip(testing::ReadFile(Path("a2.jsonl"))));
  auto score =
      Consentry({"score", "--alerts", Path("a1.jsonl"), "--labels", Path("l.jsonl"), "--dlq",
                 Path("dlq-a1.jsonl"), "--min-recall-pct", "100", "--min-precision-pct", "100"});
  EXPECT_EQ(score.exit_code, 0) << score.out << score.err;
  EXPECT_NE(score.out.find("reasons match"), std::string::npos) << score.out;
}

// Net alerts: deduplicated on (alert_id, kind), minus retracted ones; labels in both forms.
TEST_F(CliTest, ScoreCountsNetAlertsPerDetector) {
  Write("labels.jsonl",
        R"({"event_id":"m-1","expected":["consent.missing","unsubscribe.missing"],"scenario":"a"})"
        "\n"
        R"({"event_id":"m-2","expected":"consent.withdrawn","scenario":"single-string form"})"
        "\n"
        R"({"event_id":"m-3","expected":[],"scenario":"late_grant_retracts_alerts"})"
        "\n"
        R"({"line":9,"expected_dlq":"bad_json","scenario":"malformed"})"
        "\n");
  const std::string alerts =
      R"({"alert_id":"a1","kind":"alert","detector":"consent.missing","event_id":"m-1"})"
      "\n"
      R"({"alert_id":"a2","kind":"alert","detector":"unsubscribe.missing","event_id":"m-1"})"
      "\n"
      R"({"alert_id":"a2","kind":"alert","detector":"unsubscribe.missing","event_id":"m-1"})"
      "\n"
      R"({"alert_id":"a3","kind":"alert","detector":"consent.withdrawn","event_id":"m-2",)"
      R"("late":true})"
      "\n"
      R"({"alert_id":"a4","kind":"alert","detector":"consent.missing","event_id":"m-3"})"
      "\n";
  const std::string retraction =
      R"({"alert_id":"a4","kind":"retraction","detector":"consent.missing","event_id":"m-3"})"
      "\n";
  Write("net.jsonl", alerts + retraction);
  Write("dlq.jsonl", R"({"reason_code":"bad_json"})"
                     "\n");
  auto ok = Consentry({"score", "--alerts", Path("net.jsonl"), "--labels", Path("labels.jsonl"),
                       "--dlq", Path("dlq.jsonl"), "--min-recall-pct", "100", "--min-precision-pct",
                       "100", "--net-out", Path("ids.txt")});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("1 duplicate deliveries removed, 1 retractions (1 alerts withdrawn), 1 "
                        "late alerts; 3 net alerts"),
            std::string::npos)
      << ok.out;
  EXPECT_EQ(testing::ReadFile(Path("ids.txt")), "a1\na2\na3\n");

  // Without the retraction, m-3's consent.missing is a false positive.
  Write("gross.jsonl", alerts);
  auto low = Consentry({"score", "--alerts", Path("gross.jsonl"), "--labels", Path("labels.jsonl"),
                        "--min-precision-pct", "100"});
  EXPECT_EQ(low.exit_code, 1) << low.out;
  EXPECT_NE(low.out.find("extra  consent.missing m-3"), std::string::npos) << low.out;
  EXPECT_NE(low.err.find("below the required precision or recall: consent.missing"),
            std::string::npos)
      << low.err;
}

// Sender-level alerts carry an entity and a window, no event id: they are matched to the sender
// labels, never counted as broken message alerts.
TEST_F(CliTest, ScoreMatchesSenderAlertsToSenderLabels) {
  Write("labels.jsonl",
        R"({"event_id":"m-1","expected":["consent.missing"],"scenario":"a"})"
        "\n"
        R"({"sender_label":true,"detector":"sender.velocity","tenant":"acme",)"
        R"("entity":"sender:hijack-1","from":"2026-03-03T11:00:00Z","to":"2026-03-03T11:01:00Z",)"
        R"("positive":true,"scenario":"hijacked_sender_burst"})"
        "\n"
        R"({"sender_label":true,"detector":"content.fanout","tenant":"acme",)"
        R"("entity":"content:00000000000000ff","from":"2026-03-05T10:00:00Z",)"
        R"("to":"2026-03-05T11:00:00Z","positive":true,"scenario":"fanout_to_unconsented"})"
        "\n"
        R"({"sender_label":true,"detector":"sender.velocity","tenant":"acme",)"
        R"("entity":"sender:txn-1","from":"2026-03-09T10:00:00Z","to":"2026-03-09T12:00:00Z",)"
        R"("positive":false,"scenario":"steady_transactional_sender"})"
        "\n");
  const std::string message =
      R"({"alert_id":"a1","kind":"alert","detector":"consent.missing","event_id":"m-1"})"
      "\n";
  const std::string burst =
      R"({"alert_id":"s1","kind":"alert","detector":"sender.velocity","tenant":"acme",)"
      R"("sender_id":"hijack-1","entity":"sender:hijack-1",)"
      R"("window_start":"2026-03-03T11:00:00Z","window_end":"2026-03-03T11:10:00Z"})"
      "\n";
  const std::string fanout =  // the cluster's own fingerprint: 2 bits from the label's
      R"({"alert_id":"s2","kind":"alert","detector":"content.fanout","tenant":"acme",)"
      R"("entity":"content:00000000000000fc",)"
      R"("window_start":"2026-03-05T10:00:00Z","window_end":"2026-03-05T11:00:00Z"})"
      "\n";
  Write("good.jsonl", message + burst + fanout);
  auto ok = Consentry({"score", "--alerts", Path("good.jsonl"), "--labels", Path("labels.jsonl"),
                       "--min-recall-pct", "100", "--min-precision-pct", "100",
                       "--min-sender-recall-pct", "95"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("3 net alerts (1 on messages)"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("sender labels 3 (1 hard negatives), 2 net sender-level alerts"),
            std::string::npos)
      << ok.out;

  // The fan-out missed: content.fanout's recall is 0 of 1.
  Write("missed.jsonl", message + burst);
  auto missed = Consentry({"score", "--alerts", Path("missed.jsonl"), "--labels",
                           Path("labels.jsonl"), "--min-sender-recall-pct", "95"});
  EXPECT_EQ(missed.exit_code, 1) << missed.out;
  EXPECT_NE(missed.out.find("missed content.fanout acme content:00000000000000ff"),
            std::string::npos)
      << missed.out;
  // Without a minimum, a miss is reported but does not fail.
  EXPECT_EQ(Consentry({"score", "--alerts", Path("missed.jsonl"), "--labels", Path("labels.jsonl")})
                .exit_code,
            0);

  // An alert on a hard negative always fails.
  Write("negative.jsonl",
        message + burst + fanout +
            R"({"alert_id":"s3","kind":"alert","detector":"sender.velocity","tenant":"acme",)"
            R"("entity":"sender:txn-1",)"
            R"("window_start":"2026-03-09T11:00:00Z","window_end":"2026-03-09T11:01:00Z"})"
            "\n");
  auto negative =
      Consentry({"score", "--alerts", Path("negative.jsonl"), "--labels", Path("labels.jsonl")});
  EXPECT_EQ(negative.exit_code, 1) << negative.out;
  EXPECT_NE(negative.out.find("on-negative sender.velocity acme sender:txn-1"), std::string::npos)
      << negative.out;
  EXPECT_NE(negative.err.find("on a hard negative: sender.velocity"), std::string::npos)
      << negative.err;
}

}  // namespace
}  // namespace consentry
