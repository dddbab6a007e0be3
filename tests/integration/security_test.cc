// TLS and SASL/SCRAM to the broker. Each test starts a broker of its own with a SASL_SSL listener
// (SCRAM-SHA-512; the CA, the broker's certificate and the user's random password made by
// `scripts/kafka start-secure`) and drives the real binary with the credentials in its config
// file: the right ones work end to end; a wrong password and an untrusted CA fail quickly, with an
// error that says why; and no log of any command carries the password or a subject id.
//
// The test reads the alerts back over the broker's plain listener (the fixture's helpers use
// librdkafka without credentials); everything consentry does goes over SASL_SSL.
//
// SCRAM needs librdkafka 2.6.1 or later against a Kafka 4 broker (earlier versions fail it as
// invalid credentials, librdkafka#4895). So each test runs twice: on the project's Kafka 4 broker,
// where with an older librdkafka the credentials go over SASL PLAIN on the same TLS listener and
// SCRAM is checked to fail with an error that says why; and on a Kafka 3.9 broker, which such a
// librdkafka speaks SCRAM-SHA-512 to (scripts/test fetches its jars: KAFKA_VERSION=3.9.1).

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tests/integration/kafka_fixture.h"

namespace consentry {
namespace {

using Clock = std::chrono::steady_clock;

// Whether the linked librdkafka can do SCRAM with a Kafka 4 broker.
bool ScramWorks() { return rd_kafka_version() >= 0x020601ff; }

// A wrong password or an untrusted CA must end the command well before this (librdkafka would
// retry such a connection forever).
constexpr auto kFailFast = seconds(20);

std::string Trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// The Kafka version of a secured broker: the project's own (empty) or another one.
class SecurityTest : public KafkaFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  // SCRAM-SHA-512 unless this librdkafka cannot do it with this broker.
  bool Scram() const { return !GetParam().empty() || ScramWorks(); }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(KafkaFixture::SetUp());
    broker_dir_ = Path("broker");
    auto start = RunProcess({"/usr/bin/env", "KAFKA_VERSION=" + GetParam(),
                             std::string(CONSENTRY_SOURCE_DIR) + "/scripts/kafka", "start-secure",
                             broker_dir_},
                            Path("broker-start"), seconds(240));
    ASSERT_EQ(start.exit_code, 0) << start.err;
    started_ = true;
    // The fixture's own reads (ReadValues) use this broker's plain listener.
    bootstrap_ = Trimmed(testing::ReadFile(broker_dir_ + "/bootstrap"));
    secure_bootstrap_ = Trimmed(testing::ReadFile(broker_dir_ + "/bootstrap-secure"));
    user_ = Trimmed(testing::ReadFile(broker_dir_ + "/scram-user"));
    password_ = Trimmed(testing::ReadFile(broker_dir_ + "/scram-password"));
    ASSERT_FALSE(secure_bootstrap_.empty());
    ASSERT_GE(password_.size(), 16u);
  }

  void TearDown() override {
    if (started_) {
      auto stop = RunProcess({"/usr/bin/env", "KAFKA_VERSION=" + GetParam(),
                              std::string(CONSENTRY_SOURCE_DIR) + "/scripts/kafka", "stop",
                              broker_dir_},
                             Path("broker-stop"), seconds(60));
      EXPECT_EQ(stop.exit_code, 0) << stop.err;
    }
    KafkaFixture::TearDown();
  }

  // The fixture's config with its `kafka:` map pointing at the SASL_SSL listener.
  std::string WriteSecureConfig(const std::string& name, const std::string& password,
                                const std::string& ca, std::string mechanism = "") {
    if (mechanism.empty()) mechanism = Scram() ? "SCRAM-SHA-512" : "PLAIN";
    std::string text = testing::ReadFile(WriteConfig(500));
    const std::string plain = "  bootstrap.servers: " + bootstrap_ + "\n";
    const size_t at = text.find(plain);
    EXPECT_NE(at, std::string::npos);
    text.replace(at, plain.size(),
                 "  bootstrap.servers: " + secure_bootstrap_ + "\n" +
                     "  security.protocol: SASL_SSL\n"
                     "  sasl.mechanisms: " + mechanism + "\n" +
                     "  sasl.username: " + user_ + "\n" +
                     "  sasl.password: \"" + password + "\"\n" +
                     "  ssl.ca.location: " + ca + "\n");
    std::ofstream(Path(name)) << text;
    return Path(name);
  }

  std::string TrustedCa() const { return broker_dir_ + "/tls/ca.pem"; }

  // A CA of the test's own, which signed nothing the broker holds.
  std::string UntrustedCa() {
    auto r = RunProcess({"/usr/bin/env", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-days", "1", "-subj", "/CN=some other CA", "-keyout",
                         Path("other-ca.key"), "-out", Path("other-ca.pem")},
                        Path("openssl"), seconds(60));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Path("other-ca.pem");
  }

  // Runs a command that must fail fast; returns its stderr.
  std::string ExpectFailsFast(std::vector<std::string> args, const std::string& log) {
    const auto start = Clock::now();
    auto r = Consentry(std::move(args), log, seconds(120));
    const auto took = Clock::now() - start;
    EXPECT_GT(r.exit_code, 0) << log << " should fail (-1: it hung and was killed)\n" << r.err;
    EXPECT_LT(took, kFailFast) << log << " took "
                               << std::chrono::duration_cast<seconds>(took).count() << " s";
    return r.err;
  }

  // Every file under the test's directory that a consentry command wrote (its .err and .out),
  // the broker's own directory left out.
  std::vector<std::filesystem::path> CommandLogs() const {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      const auto ext = entry.path().extension();
      const auto stem = entry.path().stem().string();
      if ((ext == ".err" || ext == ".out") && !stem.starts_with("broker") && stem != "openssl") {
        out.push_back(entry.path());
      }
    }
    return out;
  }

  // Fails for each log holding one of `secrets` or a subject id of the traffic file.
  void ExpectLogsClean(const std::vector<std::string>& secrets) {
    std::set<std::string> subjects;
    for (const auto& line : testing::ReadLines(Path("traffic.jsonl"))) {
      const std::string subject = Field(line, "subject");
      // The hand-written malformed records use one-letter subjects, which any text contains.
      if (subject.size() >= 4) subjects.insert(subject);
    }
    ASSERT_GT(subjects.size(), 100u);
    const auto logs = CommandLogs();
    ASSERT_GE(logs.size(), 8u);
    for (const auto& log : logs) {
      const std::string text = testing::ReadFile(log.string());
      for (const auto& secret : secrets) {
        EXPECT_EQ(text.find(secret), std::string::npos) << log << " holds a secret";
      }
      int leaked = 0;
      for (const auto& subject : subjects) {
        if (text.find(subject) != std::string::npos && ++leaked <= 3) {
          ADD_FAILURE() << log << " holds subject id " << subject;
        }
      }
    }
  }

  std::string broker_dir_, secure_bootstrap_, user_, password_;
  bool started_ = false;
};

TEST_P(SecurityTest, RightCredentialsWorkAndBadOnesFailFastNamingTheCause) {
  const std::string wrong_password = password_ + "-wrong";
  const std::string good = WriteSecureConfig("good.yaml", password_, TrustedCa());
  const std::string bad_password = WriteSecureConfig("bad-password.yaml", wrong_password,
                                                     TrustedCa());
  const std::string bad_ca = WriteSecureConfig("bad-ca.yaml", password_, UntrustedCa());

  if (!Scram()) {
    // The right SCRAM credentials fail, saying why.
    const std::string err =
        ExpectFailsFast({"topics", "create", "--config",
                         WriteSecureConfig("scram.yaml", password_, TrustedCa(), "SCRAM-SHA-512")},
                        "old-librdkafka-scram-topics");
    EXPECT_NE(err.find("predates 2.6.1"), std::string::npos) << err;
    std::cerr << "librdkafka " << rd_kafka_version_str()
              << " cannot do SCRAM with Kafka 4: the credentials go over SASL PLAIN\n";
  }

  // check-config shows the settings, the password as ***.
  auto check = Consentry({"check-config", "--config", good}, "check-config");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("sasl.password=***"), std::string::npos) << check.out;

  // A wrong password; an untrusted CA (the broker's certificate cannot be verified).
  std::string err =
      ExpectFailsFast({"topics", "create", "--config", bad_password}, "bad-password-topics");
  EXPECT_NE(err.find("authentication failed"), std::string::npos) << err;
  err = ExpectFailsFast({"topics", "create", "--config", bad_ca}, "bad-ca-topics");
  EXPECT_NE(err.find("certificate verif"), std::string::npos) << err;

  // The right credentials: topics, traffic and a run over SASL_SSL, alerts on the alerts topic.
  GenOptions options;
  options.seed = 5;
  options.subjects = 400;
  options.malformed = 6;
  options.sender_scenarios = 0;
  ASSERT_NO_FATAL_FAILURE(Prepare(options, good));
  ASSERT_GT(expected_ids_.size(), 50u);
  auto run = Consentry({"run", "--config", good, "--until-idle", "3"}, "run");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(AlertIds(), expected_ids_) << "net alerts differ from the generator's labels";

  // With the topics in place, the data commands fail fast too.
  for (const auto& [config, name, cause] :
       {std::tuple{bad_password, std::string("bad-password"), std::string("authentication failed")},
        std::tuple{bad_ca, std::string("bad-ca"), std::string("certificate verif")}}) {
    err = ExpectFailsFast(
        {"produce", "--config", config, "--input", Path("traffic.jsonl")}, name + "-produce");
    EXPECT_NE(err.find(cause), std::string::npos) << err;
    err = ExpectFailsFast({"run", "--config", config, "--until-idle", "3"}, name + "-run");
    EXPECT_NE(err.find(cause), std::string::npos) << err;
  }

  ExpectLogsClean({password_, wrong_password});
  std::cerr << "broker " << (GetParam().empty() ? "4.x" : GetParam()) << ", SASL "
            << (Scram() ? "SCRAM-SHA-512" : "PLAIN") << " over TLS\n";
}

// Keep the version in step with the fetch in scripts/test.
INSTANTIATE_TEST_SUITE_P(Brokers, SecurityTest, ::testing::Values("", "3.9.1"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param.empty() ? std::string("Kafka4")
                                                     : std::string("Kafka39");
                         });

}  // namespace
}  // namespace consentry
