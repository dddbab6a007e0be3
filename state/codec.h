#pragma once
// Byte-level building blocks for every value and key consentry stores: varints, zig-zag signed
// varints, length-prefixed strings and big-endian fixed-width integers.
//
// ByteWriter appends to a caller-owned string. ByteReader reads from a view and never reads past
// its end: every Read* returns false (and leaves the output unspecified) on truncated or
// malformed input, and the reader stays failed afterwards, so a decoder can read a whole record
// and check ok() once. Nothing here allocates except the strings it returns.
//
// These formats are on disk: never change how an existing function encodes. Add new functions.

#include <cstdint>
#include <string>
#include <string_view>

namespace consentry {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}

  void PutU8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void PutBool(bool v) { PutU8(v ? 1 : 0); }
  // LEB128: 7 bits per byte, low bits first; at most 10 bytes.
  void PutVarint64(uint64_t v);
  // Zig-zag then varint, so small negative numbers stay short.
  void PutSignedVarint64(int64_t v);
  // Varint length, then the bytes.
  void PutString(std::string_view s);
  // Big-endian: byte order equals numeric order (used in keys).
  void PutFixed32BE(uint32_t v);
  void PutFixed64BE(uint64_t v);
  void PutRaw(std::string_view s) { out_->append(s); }

 private:
  std::string* out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  [[nodiscard]] bool ReadU8(uint8_t* v);
  // Only 0 or 1 is a valid bool.
  [[nodiscard]] bool ReadBool(bool* v);
  // Rejects varints longer than 10 bytes or overflowing 64 bits.
  [[nodiscard]] bool ReadVarint64(uint64_t* v);
  [[nodiscard]] bool ReadSignedVarint64(int64_t* v);
  // A count of items that follow, each at least one byte long: rejected if larger than the
  // bytes left, so a corrupt count cannot make a decoder loop or reserve gigabytes.
  [[nodiscard]] bool ReadCount(uint64_t* n);
  // The view points into the reader's input.
  [[nodiscard]] bool ReadStringView(std::string_view* s);
  [[nodiscard]] bool ReadString(std::string* s);
  [[nodiscard]] bool ReadFixed32BE(uint32_t* v);
  [[nodiscard]] bool ReadFixed64BE(uint64_t* v);
  [[nodiscard]] bool ReadRaw(size_t n, std::string_view* s);

  bool ok() const { return ok_; }
  bool empty() const { return in_.empty(); }
  size_t remaining() const { return in_.size(); }
  // Marks the reader failed (for a decoder that finds a bad value, such as an unknown enum
  // code); always returns false.
  bool Fail() {
    ok_ = false;
    return false;
  }

 private:

  std::string_view in_;
  bool ok_ = true;
};

// Order-preserving maps between signed integers and unsigned ones (flip the sign bit), so a
// big-endian encoding of the result sorts negative values before positive ones.
inline uint64_t OrderedFromSigned64(int64_t v) {
  return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63);
}
inline int64_t SignedFromOrdered64(uint64_t v) {
  return static_cast<int64_t>(v ^ (uint64_t{1} << 63));
}
inline uint32_t OrderedFromSigned32(int32_t v) {
  return static_cast<uint32_t>(v) ^ (uint32_t{1} << 31);
}
inline int32_t SignedFromOrdered32(uint32_t v) {
  return static_cast<int32_t>(v ^ (uint32_t{1} << 31));
}

}  // namespace consentry
