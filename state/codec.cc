#include "state/codec.h"

namespace consentry {

void ByteWriter::PutVarint64(uint64_t v) {
  char buf[10];  // 64 bits, 7 a byte
  size_t n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out_->append(buf, n);
}

void ByteWriter::PutSignedVarint64(int64_t v) {
  // Zig-zag: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
  const uint64_t u = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  PutVarint64(u);
}

void ByteWriter::PutString(std::string_view s) {
  PutVarint64(s.size());
  out_->append(s);
}

void ByteWriter::PutFixed32BE(uint32_t v) {
  char b[4];
  for (int i = 3; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out_->append(b, sizeof b);
}

void ByteWriter::PutFixed64BE(uint64_t v) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out_->append(b, sizeof b);
}

bool ByteReader::ReadU8(uint8_t* v) {
  if (!ok_ || in_.empty()) return Fail();
  *v = static_cast<uint8_t>(in_[0]);
  in_.remove_prefix(1);
  return true;
}

bool ByteReader::ReadBool(bool* v) {
  uint8_t b;
  if (!ReadU8(&b) || b > 1) return Fail();
  *v = b == 1;
  return true;
}

bool ByteReader::ReadVarint64(uint64_t* v) {
  if (!ok_) return false;
  uint64_t result = 0;
  for (int shift = 0; shift <= 63; shift += 7) {
    if (in_.empty()) return Fail();
    const uint8_t byte = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && byte > 1) return Fail();
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return Fail();
}

bool ByteReader::ReadSignedVarint64(int64_t* v) {
  uint64_t u;
  if (!ReadVarint64(&u)) return false;
  *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

bool ByteReader::ReadCount(uint64_t* n) {
  if (!ReadVarint64(n)) return false;
  if (*n > in_.size()) return Fail();
  return true;
}

bool ByteReader::ReadStringView(std::string_view* s) {
  uint64_t n;
  if (!ReadVarint64(&n)) return false;
  return ReadRaw(n, s);
}

bool ByteReader::ReadString(std::string* s) {
  std::string_view v;
  if (!ReadStringView(&v)) return false;
  s->assign(v);
  return true;
}

bool ByteReader::ReadFixed32BE(uint32_t* v) {
  std::string_view b;
  if (!ReadRaw(4, &b)) return false;
  uint32_t r = 0;
  for (char c : b) r = (r << 8) | static_cast<uint8_t>(c);
  *v = r;
  return true;
}

bool ByteReader::ReadFixed64BE(uint64_t* v) {
  std::string_view b;
  if (!ReadRaw(8, &b)) return false;
  uint64_t r = 0;
  for (char c : b) r = (r << 8) | static_cast<uint8_t>(c);
  *v = r;
  return true;
}

bool ByteReader::ReadRaw(size_t n, std::string_view* s) {
  if (!ok_ || n > in_.size()) return Fail();
  *s = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

}  // namespace consentry
