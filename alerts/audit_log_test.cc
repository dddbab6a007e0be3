#include "alerts/audit_log.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/signing.h"
#include "core/testing/time.h"

namespace consentry {
namespace {

using testing::At;

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override { keys_ = GenerateEd25519KeyPair().value(); }

  // An export of three entries and its signed head, as lines.
  std::vector<std::string> Export() {
    AuditChain chain;
    std::vector<std::string> lines;
    lines.push_back(ExportLine(chain.Append("alert", R"({"alert_id":"a1"})", At("2026-03-05T10:00:00Z"))));
    lines.push_back(ExportLine(chain.Append("action", R"({"action":"acknowledge","actor":"r1"})",
                                            At("2026-03-05T10:05:00Z"))));
    lines.push_back(ExportLine(chain.Append("alert", R"({"alert_id":"a2"})", At("2026-03-05T10:06:00Z"))));
    lines.push_back(ExportHeadLine(chain.Sign(keys_.private_pem).value()));
    return lines;
  }
  static std::string Join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }

  Ed25519KeyPair keys_;
};

TEST_F(AuditLogTest, HashCoversEveryFieldAndMatchesAKnownAnswer) {
  // sha256("consentry audit v1\n1\n2026-03-05T10:00:00Z\nalert\n" + 64 zeros + "\n{}")
  EXPECT_EQ(AuditEntryHash(1, At("2026-03-05T10:00:00Z"), "alert", std::string(64, '0'), "{}"),
            "1bc1404012fc2f2ad006912a75bca8acf54bbe975fd154026b6271e495fe2671");
}

TEST_F(AuditLogTest, AnUntouchedExportVerifies) {
  const AuditCheck check = VerifyAuditExport(Join(Export()), keys_.public_pem);
  EXPECT_TRUE(check.ok) << check.bad_line << ": " << check.problem;
  EXPECT_EQ(check.entries, 3);
}

TEST_F(AuditLogTest, EveryKindOfTamperingIsFoundAtItsLine) {
  struct Case {
    const char* what;
    std::function<void(std::vector<std::string>&)> change;
    int64_t line;
    const char* problem;
  };
  const std::vector<Case> cases = {
      {"payload edited",
       [](auto& l) { l[1].replace(l[1].find("acknowledge"), 11, "resolve"); }, 2,
       "entry 2: its hash does not match its content"},
      {"entry removed", [](auto& l) { l.erase(l.begin() + 1); }, 2,
       "entry 3 where entry 2 should be: entries missing or reordered"},
      {"entries swapped", [](auto& l) { std::swap(l[1], l[2]); }, 2,
       "entry 3 where entry 2 should be: entries missing or reordered"},
      {"last entry dropped with the head kept", [](auto& l) { l.erase(l.begin() + 2); }, 3,
       "the head names entry 3, not the last entry of the export (2): entries were added or "
       "removed after it was signed"},
      {"head cut off", [](auto& l) { l.pop_back(); }, 4,
       "no signed head at the end: the export is cut short or unsigned"},
      {"time changed",
       [](auto& l) { l[0].replace(l[0].find("10:00:00Z"), 9, "09:00:00Z"); }, 1,
       "entry 1: its hash does not match its content"},
      {"not JSON", [](auto& l) { l[2] = "{"; }, 3, "not a JSON object"},
      {"a line after the head", [](auto& l) { l.push_back(l[0]); }, 5,
       "a line after the signed head"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> lines = Export();
    c.change(lines);
    const AuditCheck check = VerifyAuditExport(Join(lines), keys_.public_pem);
    EXPECT_FALSE(check.ok) << c.what;
    EXPECT_EQ(check.bad_line, c.line) << c.what;
    EXPECT_EQ(check.problem, c.problem) << c.what;
  }
}

TEST_F(AuditLogTest, AChainRehashedWithoutThePrivateKeyFailsTheSignature) {
  // Someone rewrites entry 3 and recomputes its hash and the head's hash, but cannot sign.
  std::vector<std::string> lines = Export();
  AuditChain forged;
  forged.Append("alert", R"({"alert_id":"a1"})", At("2026-03-05T10:00:00Z"));
  forged.Append("action", R"({"action":"acknowledge","actor":"r1"})", At("2026-03-05T10:05:00Z"));
  lines[2] = ExportLine(forged.Append("alert", R"({"alert_id":"zz"})", At("2026-03-05T10:06:00Z")));
  const Ed25519KeyPair other = GenerateEd25519KeyPair().value();
  lines[3] = ExportHeadLine(forged.Sign(other.private_pem).value());
  const AuditCheck check = VerifyAuditExport(Join(lines), keys_.public_pem);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.bad_line, 4);
  EXPECT_EQ(check.problem,
            "the head's signature: the signature does not match this key and content");
  EXPECT_TRUE(VerifyAuditExport(Join(lines), other.public_pem).ok);  // its own key: intact
}

TEST_F(AuditLogTest, AChainResumesAfterItsLastEntry) {
  AuditChain first;
  first.Append("alert", "{}", At("2026-03-05T10:00:00Z"));
  const AuditEntry last = first.Append("alert", "{}", At("2026-03-05T10:00:01Z"));
  AuditChain resumed(last);
  const AuditEntry next = resumed.Append("action", "{}", At("2026-03-05T10:00:02Z"));
  EXPECT_EQ(next.seq, 3);
  EXPECT_EQ(next.prev, last.hash);
}

}  // namespace
}  // namespace consentry
