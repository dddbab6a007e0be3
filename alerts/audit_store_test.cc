#include "alerts/audit_store.h"

#include <gtest/gtest.h>

#include "core/signing.h"
#include "state/test_util.h"

namespace consentry {
namespace {

TEST(AuditStoreTest, EntriesPersistAndTheChainResumesAfterARestart) {
  testing::ScopedTempDir dir;
  const Timestamp t = ParseRfc3339("2026-03-05T10:00:00Z").value();
  {
    auto store = Store::Open(dir.Sub("serve"), StoreOptions{}).value();
    EXPECT_EQ(LastAuditEntry(*store).value().seq, 0);
    AuditChain chain(LastAuditEntry(*store).value());
    StoreBatch writes;
    PutAuditEntry(writes, chain.Append("alert", "{\"a\":1}", t));
    PutAuditEntry(writes, chain.Append("action", "{\"b\":2}", t));
    ASSERT_TRUE(store->Write(writes).ok());
  }
  auto store = Store::Open(dir.Sub("serve"), StoreOptions{}).value();
  AuditChain chain(LastAuditEntry(*store).value());
  EXPECT_EQ(chain.seq(), 2);
  StoreBatch writes;
  PutAuditEntry(writes, chain.Append("alert", "{\"c\":3}", t));
  ASSERT_TRUE(store->Write(writes).ok());
  // The stored entries, exported with a signed head, verify as one chain.
  const Ed25519KeyPair keys = GenerateEd25519KeyPair().value();
  std::string text;
  ASSERT_TRUE(ScanAudit(*store, [&](const AuditEntry& e) {
                text += ExportLine(e) + "\n";
                return true;
              }).ok());
  text += ExportHeadLine(chain.Sign(keys.private_pem).value()) + "\n";
  const AuditCheck check = VerifyAuditExport(text, keys.public_pem);
  EXPECT_TRUE(check.ok) << check.bad_line << " " << check.problem;
  EXPECT_EQ(check.entries, 3);
}

TEST(AuditStoreTest, StoredFormRoundTripsAndRejectsDamage) {
  AuditChain chain;
  const AuditEntry e = chain.Append("alert", "{}", ParseRfc3339("2026-03-05T10:00:00Z").value());
  const std::string bytes = EncodeAuditEntry(e);
  EXPECT_EQ(EncodeAuditEntry(DecodeAuditEntry(bytes).value()), bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(DecodeAuditEntry(bytes.substr(0, cut)).ok()) << cut;
  }
}

}  // namespace
}  // namespace consentry
