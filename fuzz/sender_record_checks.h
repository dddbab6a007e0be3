#pragma once
// The invariant the sender record fuzzer checks (and sender_record_corpus_test replays): any
// bytes either fail to decode with a Status, or decode to a record whose encoding decodes to the
// same encoding again. Returns whether the bytes decoded; traps on a broken invariant.

#include <string_view>

namespace consentry::fuzz {

bool CheckSenderRecordBytes(std::string_view bytes);

}  // namespace consentry::fuzz
