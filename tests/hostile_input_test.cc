// The consentry binary fed what an attacker, a broken producer or a slip of the hand gives it:
// endless files, huge and malformed records, colliding paths, stray arguments, hidden
// characters in ids. Each must end in a clear error or a dead letter with its reason code,
// never a crash, a silently judged record or unbounded memory.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include "tests/cli_fixture.h"

namespace consentry {
namespace {

using testing::ProcessResult;
using testing::RunProcess;

// Peak memory is asserted only without sanitizers: ASan's shadow memory and quarantine add
// hundreds of megabytes that say nothing about consentry.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMeasureMemory = false;
#else
constexpr bool kMeasureMemory = true;
#endif
// Generous: the bounded paths peak near 30 MB; unbounded, they grew to 0.4 GB (40 lines of
// 10 MB) and 22 GB (check-config on /dev/zero).
constexpr long kMaxRssKib = 150 * 1024;
// A process past this is killed (and its test fails), so a regression cannot take the machine
// down with it. High enough for sanitizer builds.
constexpr long kKillRssKib = 2 * 1024 * 1024;

// One outbound.v1 record that consent.missing flags (no consent for marketing email in DE).
std::string Outbound(const std::string& event_id, const std::string& subject = "s-7",
                     const std::string& tenant = "acme", const std::string& extra = "") {
  return R"({"schema":"outbound.v1","event_id":")" + event_id +
         R"(","sent_at":"2026-03-10T12:00:00Z","tenant":")" + tenant + R"(","subject":")" +
         subject +
         R"(","channel":"email","purpose":"marketing.communications.email","sender_id":"crm",)"
         R"("jurisdiction":"DE")" +
         extra + "}";
}

// Writes `count` lines made by `line(i)` into a FIFO from a thread, so a test can feed hundreds
// of megabytes to the binary without putting them on disk.
class FifoFeeder {
 public:
  FifoFeeder(const std::string& path, int count, std::function<std::string(int)> line) {
    ::signal(SIGPIPE, SIG_IGN);  // a reader that stops early makes write() fail, not kill us
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
    thread_ = std::thread([this, path, count, line = std::move(line)] {
      int fd = -1;
      while (fd < 0 && !stop_) {  // no reader yet: ENXIO
        fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (fd < 0) return;
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      for (int i = 0; i < count && !stop_; ++i) {
        const std::string bytes = line(i) + "\n";
        for (size_t done = 0; done < bytes.size();) {
          const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) {
            ::close(fd);
            return;
          }
          done += static_cast<size_t>(n);
        }
      }
      ::close(fd);
    });
  }
  ~FifoFeeder() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class HostileInputTest : public testing::CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    config_ = Path("consentry.yaml");
    Write("consentry.yaml", "detectors:\n  consent.missing: {}\n");
  }
  ProcessResult Consentry(std::vector<std::string> args) {
    return CliFixture::Consentry(std::move(args), std::chrono::seconds(120), kKillRssKib);
  }
  // Replays `input` with the shipped config (or `config`) into alerts.jsonl and dlq.jsonl.
  ProcessResult Replay(const std::string& input, const std::string& config = "") {
    return Consentry({"replay", "--config", config.empty() ? config_ : config, "--input", input,
                      "--alerts-out", Path("alerts.jsonl"), "--dlq-out", Path("dlq.jsonl"), "--now",
                      "2026-12-31T00:00:00Z"});
  }
  // The DLQ's reason_code by source_offset (the 0-based input line).
  std::map<int64_t, std::string> DeadLetters() const {
    std::map<int64_t, std::string> out;
    for (const std::string& line : testing::ReadLines(Path("dlq.jsonl"))) {
      out[std::stoll(Field(line, "\"source_offset\":", ","))] =
          Field(line, "\"reason_code\":\"", "\"");
    }
    return out;
  }
  // The text of `line` between `key` and the next `end`, or "" without `key`.
  static std::string Field(const std::string& line, const std::string& key,
                           const std::string& end) {
    const size_t at = line.find(key);
    if (at == std::string::npos) {
      ADD_FAILURE() << "no " << key << " in " << line;
      return "";
    }
    const size_t from = at + key.size();
    return line.substr(from, line.find(end, from) - from);
  }
  static void ExpectBoundedMemory(const ProcessResult& r) {
    RecordProperty("peak_rss_kib", std::to_string(r.max_rss_kib));
    if (!kMeasureMemory) return;
    EXPECT_GT(r.max_rss_kib, 0);
    EXPECT_LT(r.max_rss_kib, kMaxRssKib) << "peak RSS " << r.max_rss_kib / 1024 << " MiB";
  }

  std::string config_;  // consent.missing only: every valid record here gets an alert
};

TEST_F(HostileInputTest, CheckConfigStopsReadingAnEndlessFileAtTheLimit) {
  const ProcessResult r = Consentry({"check-config", "--config", "/dev/zero"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("/dev/zero: larger than the limit of 4 MiB for a configuration file"),
            std::string::npos)
      << r.err;
  ExpectBoundedMemory(r);
}

TEST_F(HostileInputTest, CheckConfigSaysWhatIsWrongAndWhere) {
  Write("empty.yaml", "# nothing yet\n");
  Write("quote.yaml", "detectors:\n  consent.missing: {}\nstate_dir: \"/var/lib/x\ngroup_id: g\n");
  const std::map<std::string, std::string> expected = {
      {Path("empty.yaml"), Path("empty.yaml") + ": the file is empty"},
      {dir_.string(), dir_.string() + ": is a directory, not a configuration file; fix:"},
      {Path("quote.yaml"),
       Path("quote.yaml") + ":3: the double quote opened on this line is never closed"},
  };
  for (const auto& [config, message] : expected) {
    const ProcessResult r = Consentry({"check-config", "--config", config});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("fix:"), std::string::npos) << r.err;
  }
}

TEST_F(HostileInputTest, EveryCommandNamesAMissingFlagAndExitsTwo) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"check-config"}, "--config"},
      {{"topics", "create"}, "--config"},
      {{"replay", "--config", config_, "--input", "x"}, "--alerts-out"},
      {{"gen", "--out", "x"}, "--labels"},
      {{"produce", "--config", config_}, "--input"},
      {{"dump", "--config", config_, "--out", "x"}, "--topic"},
      {{"score", "--labels", "x"}, "--alerts"},
      {{"explain", "--config", config_, "--subject", "s"}, "--at"},
  };
  for (const auto& [args, flag] : cases) {
    const ProcessResult r = Consentry(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("missing required flag " + flag), std::string::npos) << r.err;
  }
}

TEST_F(HostileInputTest, EveryCommandRefusesAStrayArgument) {
  const std::vector<std::vector<std::string>> cases = {
      {"check-config", "--config", config_, "extra.yaml"},
      {"topics", "create", "--config", config_, "extra"},
      {"run", "--config", config_, "extra"},
      {"replay", "--config", config_, "extra"},
      {"gen", "extra"},
      {"produce", "extra"},
      {"dump", "extra"},
      {"score", "extra"},
      {"explain", "extra"},
  };
  for (const auto& args : cases) {
    const ProcessResult r = Consentry(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("unexpected argument '" + args.back() + "'"), std::string::npos) << r.err;
  }
}

TEST_F(HostileInputTest, ReplayRefusesOutputsThatOverwriteTheInputOrEachOther) {
  const std::string input = Outbound("m-1") + "\n";
  Write("in.jsonl", input);
  const ProcessResult same = Consentry({"replay", "--config", config_, "--input", Path("in.jsonl"),
                                        "--alerts-out", (dir_ / "." / "in.jsonl").string()});
  EXPECT_EQ(same.exit_code, 2) << same.err;
  EXPECT_NE(same.err.find("--input and --alerts-out name the same file"), std::string::npos)
      << same.err;
  EXPECT_EQ(testing::ReadFile(Path("in.jsonl")), input);  // untouched

  const ProcessResult outputs =
      Consentry({"replay", "--config", config_, "--input", Path("in.jsonl"), "--alerts-out",
                 Path("out.jsonl"), "--dlq-out", Path("out.jsonl")});
  EXPECT_EQ(outputs.exit_code, 2) << outputs.err;
  EXPECT_NE(outputs.err.find("--alerts-out and --dlq-out name the same file"), std::string::npos)
      << outputs.err;
  EXPECT_FALSE(std::filesystem::exists(Path("out.jsonl")));
}

TEST_F(HostileInputTest, ReplaySkipsAByteOrderMarkAndReadsEveryLineEnd) {
  Write("in.jsonl", "\xEF\xBB\xBF" + Outbound("m-1") + "\r" + Outbound("m-2") + "\r\n" +
                        Outbound("m-3") + "\n" + Outbound("m-4"));
  const ProcessResult r = Replay(Path("in.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(DeadLetters().empty()) << testing::ReadFile(Path("dlq.jsonl"));
  const std::string alerts = testing::ReadFile(Path("alerts.jsonl"));
  for (const char* id : {"m-1", "m-2", "m-3", "m-4"}) {
    EXPECT_NE(alerts.find("\"event_id\":\"" + std::string(id) + "\""), std::string::npos) << id;
  }
}

// 40 lines of 10 MB, each between two small records: every long line is dead-lettered after
// reading at most the record limit of it, and memory stays flat.
TEST_F(HostileInputTest, ReplayDeadLettersLongLinesInBoundedMemory) {
  const std::string pad(10 * 1000 * 1000, 'x');
  FifoFeeder feeder(Path("in.fifo"), 81, [&](int i) {
    return i % 2 == 0
               ? Outbound("ok-" + std::to_string(i))
               : Outbound("big-" + std::to_string(i), "s-7", "acme", R"(,"pad":")" + pad + "\"");
  });
  const ProcessResult r = Replay(Path("in.fifo"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto dead = DeadLetters();
  EXPECT_EQ(dead.size(), 40u);
  for (int i = 1; i < 81; i += 2) EXPECT_EQ(dead.count(i) ? dead.at(i) : "", "oversize") << i;
  const std::string alerts = testing::ReadFile(Path("alerts.jsonl"));
  EXPECT_NE(alerts.find("\"event_id\":\"ok-80\""), std::string::npos);
  EXPECT_EQ(alerts.find("\"event_id\":\"big-"), std::string::npos);
  const std::string dlq = testing::ReadFile(Path("dlq.jsonl"));
  EXPECT_NE(dlq.find("record is larger than the limit of 65536 bytes"), std::string::npos);
  ExpectBoundedMemory(r);
}

TEST_F(HostileInputTest, ReplayGivesUpOnAnInputWithoutLineEnds) {
  const ProcessResult r = Replay("/dev/zero");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("line 1 of /dev/zero runs for more than 1073741824 bytes without a line "
                       "end: this is not a JSONL file"),
            std::string::npos)
      << r.err;
  ExpectBoundedMemory(r);
}

TEST_F(HostileInputTest, ReplayAppliesTheConfiguredLimits) {
  Write("small.yaml",
        "detectors:\n  consent.missing: {}\nprocessing:\n  limits:\n    max_record_bytes: 2048\n"
        "    max_string_bytes: 100\n    max_depth: 4\n");
  Write("in.jsonl",
        Outbound("m-1") + "\n" +
            Outbound("m-2", "s-7", "acme", R"(,"pad":")" + std::string(3000, 'p') + "\"") + "\n" +
            Outbound("m-3", std::string(101, 's')) + "\n" +
            Outbound("m-4", "s-7", "acme", R"(,"x":[[[[{}]]]])") + "\n");
  const ProcessResult r = Replay(Path("in.jsonl"), Path("small.yaml"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::map<int64_t, std::string> expected = {
      {1, "oversize"}, {2, "oversize"}, {3, "too_deep"}};
  EXPECT_EQ(DeadLetters(), expected);
  const std::string dlq = testing::ReadFile(Path("dlq.jsonl"));
  EXPECT_NE(dlq.find("record is larger than the limit of 2048 bytes"), std::string::npos) << dlq;
  EXPECT_NE(dlq.find("field 'subject' is longer than the limit of 100 bytes"), std::string::npos)
      << dlq;
  EXPECT_NE(testing::ReadFile(Path("alerts.jsonl")).find("\"event_id\":\"m-1\""),
            std::string::npos);
}

// A right-to-left override in the tenant would make the reason read differently from what it
// says; a zero-width space makes two subjects look alike. Reasons show them escaped; the alert's
// own fields keep the raw ids (they are keys, and the JSON writer escapes what JSON needs).
TEST_F(HostileInputTest, ReplayEscapesHiddenCharactersInReasons) {
  Write("in.jsonl", Outbound("m-1", "s\u200B-7", "ac\u202Eme") + "\n");
  const ProcessResult r = Replay(Path("in.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string alerts = testing::ReadFile(Path("alerts.jsonl"));
  ASSERT_FALSE(alerts.empty());
  for (const std::string& line : testing::ReadLines(Path("alerts.jsonl"))) {
    const std::string reason = Field(line, "\"reason\":\"", "\",\"");
    EXPECT_EQ(reason.find("\u202E"), std::string::npos) << reason;
    EXPECT_NE(reason.find("tenant ac\\\\u202eme"), std::string::npos) << reason;  // JSON of \u
    EXPECT_NE(line.find("\"tenant\":\"ac\u202Eme\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"subject\":\"s\u200B-7\""), std::string::npos) << line;
  }
}

TEST_F(HostileInputTest, ExplainEscapesHiddenCharacters) {
  const std::string subject = "s\u202E-7";
  const std::string tenant = "ac\u2067me";
  Write("in.jsonl", Outbound("m-1", subject, tenant) + "\n");
  ASSERT_EQ(Consentry({"replay", "--config", config_, "--input", Path("in.jsonl"), "--alerts-out",
                       Path("alerts.jsonl"), "--state-dir", Path("state"), "--now",
                       "2026-12-31T00:00:00Z"})
                .exit_code,
            0);
  const ProcessResult r =
      Consentry({"explain", "--config", config_, "--state-dir", Path("state"), "--subject", subject,
                 "--tenant", tenant, "--at", "2026-03-11T00:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Subject s\\u202e-7"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ac\\u2067me"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\u202E"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\u2067"), std::string::npos) << r.out;
}

// Every kind of hostile record, each between two valid ones: each hostile one is dead-lettered
// with its reason code, every valid one is judged.
TEST_F(HostileInputTest, ReplayDeadLettersEveryHostileRecordAndJudgesTheRest) {
  const std::string nul("\0", 1);
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {Outbound("h-utf8", "s-\xFF\xFE"), "bad_utf8"},
      {Outbound("h-overlong2", "s-\xC0\xAF"), "bad_utf8"},
      {Outbound("h-overlong3", "s-\xE0\x80\xAF"), "bad_utf8"},
      {Outbound("h-surrogate", "s-\xED\xA0\x80"), "bad_utf8"},
      // 100,000 levels are 200 KB: over the record limit, which is checked first.
      {R"({"schema":"outbound.v1","x":)" + std::string(100000, '[') + std::string(100000, ']') +
           "}",
       "oversize"},
      {R"({"schema":"outbound.v1","x":)" + std::string(30000, '[') + std::string(30000, ']') + "}",
       "too_deep"},
      {Outbound("h-inf", "s-7", "acme", R"(,"content":{"length":1e999})"), "bad_json"},
      {Outbound("h-bigint", "s-7", "acme",
                R"(,"content":{"length":123456789012345678901234567890})"),
       "bad_json"},
      {Outbound("h-nan", "s-7", "acme", R"(,"x":NaN)"), "bad_json"},
      {Outbound("h-dup", "s-7", "acme", R"(,"subject":"s-8")"), "duplicate_field"},
      {Outbound("h-nul-raw", "s-" + nul + "7"), "bad_json"},
      {Outbound("h-nul-escaped", "s-\\u00007"), "bad_value"},
      {Outbound("h-nul-outside") + nul, "bad_json"},
      {Outbound("h-lone-surrogate", "s-\\ud800"), "bad_json"},
      {Outbound("h-10mb", "s-7", "acme", R"(,"note":")" + std::string(10 << 20, 'v') + "\""),
       "oversize"},
      {Outbound("h-1mb-subject", std::string(1 << 20, 's')), "oversize"},
      {"", "bad_json"},
      {"[]", "wrong_type"},
  };
  std::string input;
  std::map<int64_t, std::string> expected;
  int64_t line = 0;
  input += Outbound("ok-start") + "\n";
  ++line;
  for (size_t i = 0; i < hostile.size(); ++i) {
    input += hostile[i].first + "\n";
    expected[line++] = hostile[i].second;
    input += Outbound("ok-" + std::to_string(i)) + "\n";
    ++line;
  }
  // Bidi overrides and zero-width characters in ids are valid UTF-8 and get judged (escaped in
  // reasons, see above): dead-lettering them would let a sender dodge every rule with one
  // invisible character.
  input += Outbound("bidi-ok", "\u202Es-7", "\u2066acme\u2069") + "\n";
  Write("in.jsonl", input);

  const ProcessResult r = Replay(Path("in.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(DeadLetters(), expected);
  const std::string alerts = testing::ReadFile(Path("alerts.jsonl"));
  EXPECT_NE(alerts.find("\"event_id\":\"ok-start\""), std::string::npos);
  for (size_t i = 0; i < hostile.size(); ++i) {
    EXPECT_NE(alerts.find("\"event_id\":\"ok-" + std::to_string(i) + "\""), std::string::npos)
        << "valid record after hostile case " << i << " was not judged";
  }
  EXPECT_NE(alerts.find("\"event_id\":\"bidi-ok\""), std::string::npos);
  EXPECT_EQ(alerts.find("\"event_id\":\"h-"), std::string::npos);
  ExpectBoundedMemory(r);
}

}  // namespace
}  // namespace consentry
