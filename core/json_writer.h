#pragma once
// A small streaming JSON writer for our own output records (alerts, DLQ entries, evidence).
// It escapes strings fully (control characters, quotes, backslashes) and replaces invalid UTF-8
// with U+FFFD, so whatever came from input cannot break the output document.
//
//   JsonWriter w;
//   w.BeginObject(); w.Key("a"); w.String("x"); w.Key("n"); w.Int(3); w.EndObject();
//   w.str() == R"({"a":"x","n":3})"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace consentry {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts an already-serialised JSON value verbatim (the caller vouches for it).
  JsonWriter& Raw(std::string_view json);

  // Shorthands for a key followed by its value.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// Appends `s` to `out` as a quoted JSON string.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace consentry
