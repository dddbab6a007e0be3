#include "state/rocksdb_status.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

TEST(RocksDbStatusTest, TranslatesEachKindToWhatTheCallerShouldDo) {
  EXPECT_TRUE(FromRocksDb(rocksdb::Status::OK(), "x").ok());
  EXPECT_EQ(FromRocksDb(rocksdb::Status::IOError("disk"), "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(FromRocksDb(rocksdb::Status::Busy(), "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(FromRocksDb(rocksdb::Status::TryAgain(), "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(FromRocksDb(rocksdb::Status::Corruption("crc"), "x").code(), StatusCode::kDataLoss);
  EXPECT_EQ(FromRocksDb(rocksdb::Status::InvalidArgument("k"), "x").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(FromRocksDb(rocksdb::Status::NotFound(), "x").code(), StatusCode::kNotFound);
  EXPECT_EQ(FromRocksDb(rocksdb::Status::NoSpace("full"), "x").code(),
            StatusCode::kUnavailable);
}

TEST(RocksDbStatusTest, MessageCarriesContext) {
  const Status s = FromRocksDb(rocksdb::Status::Corruption("bad block"), "reading consent");
  EXPECT_NE(s.message().find("reading consent"), std::string::npos);
  EXPECT_NE(s.message().find("bad block"), std::string::npos);
}

}  // namespace
}  // namespace consentry
