// Replays the decoder's seed corpus through the fuzz entry point (so it is exercised in every
// ctest run, not only in clang fuzz builds) and checks each seed's verdict: files named
// valid_* must decode into an event, bad_* must be rejected; and every schema has a valid seed.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <variant>

#include "ingest/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace consentry {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(DecoderFuzzTest, SeedCorpusReplaysWithExpectedVerdicts) {
  const std::filesystem::path dir = CONSENTRY_DECODER_CORPUS_DIR;
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  Decoder decoder;
  int valid = 0;
  int bad = 0;
  std::set<size_t> alternatives;  // Event alternatives the valid seeds decode into
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const std::string bytes = ReadFile(entry.path());
    SCOPED_TRACE(name);
    EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                                     bytes.size()),
              0);
    const std::variant<Event, DecodeError> result = decoder.Decode(bytes);
    if (name.starts_with("valid_")) {
      ++valid;
      const auto* error = std::get_if<DecodeError>(&result);
      EXPECT_EQ(error, nullptr) << error->code << ": " << error->message;
      if (const Event* event = std::get_if<Event>(&result)) alternatives.insert(event->index());
    } else if (name.starts_with("bad_")) {
      ++bad;
      EXPECT_TRUE(std::holds_alternative<DecodeError>(result));
    }
  }
  EXPECT_GE(valid, 3);
  EXPECT_GE(bad, 3);
  EXPECT_EQ(alternatives.size(), std::variant_size_v<Event>)
      << "some schema has no valid_* seed in " << dir;
}

}  // namespace
}  // namespace consentry
