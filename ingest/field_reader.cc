#include "ingest/field_reader.h"

#include <algorithm>

namespace consentry::ingest_internal {
namespace {

bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace


bool IsPurposePath(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  char prev = 0;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok || (c == '.' && prev == '.')) return false;
    prev = c;
  }
  return true;
}

std::optional<uint64_t> ParseFingerprint(std::string_view s) {
  if (s.empty() || s.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return v;
}


bool IsJurisdiction(std::string_view s) {
  if (s.size() < 2 || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'A' && s[1] <= 'Z')) return false;
  if (s.size() == 2) return true;
  if (s[2] != '-' || s.size() < 4 || s.size() > 6) return false;
  for (char c : s.substr(3)) {
    if (!IsUpperAlnum(c)) return false;
  }
  return true;
}

bool IsZoneName(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || IsUpperAlnum(c) || c == '/' || c == '_' ||
                    c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsSource(std::string_view s) {
  constexpr std::string_view kThirdParty = "third_party:";
  return s == "first_party" || (s.size() > kThirdParty.size() && s.starts_with(kThirdParty));
}



bool ReadString(Ctx& ctx, const Fields& f, std::string_view name, Need need, std::string* out) {
  const dom::element* e = f.Get(name);
  if (e == nullptr) return need == Need::kOptional || ctx.Missing(f.At(name));
  std::string_view s;
  if (!ctx.String(*e, f.At(name), &s)) return false;
  if (need == Need::kRequired && s.empty()) {
    return ctx.Fail(dc::kBadValue, f.At(name), "must not be empty");
  }
  out->assign(s);
  return true;
}


bool ReadTime(Ctx& ctx, const Fields& f, std::string_view name, Need need,
              std::optional<Timestamp>* out) {
  const dom::element* e = f.Get(name);
  if (e == nullptr) return need == Need::kOptional || ctx.Missing(f.At(name));
  std::string_view s;
  if (!ctx.String(*e, f.At(name), &s)) return false;
  StatusOr<Timestamp> t = ParseRfc3339(s);
  if (!t.ok()) return ctx.Fail(dc::kBadTimestamp, f.At(name), "is " + t.status().message());
  *out = *t;
  return true;
}

bool ReadRequiredTime(Ctx& ctx, const Fields& f, std::string_view name, Timestamp* out) {
  std::optional<Timestamp> t;
  if (!ReadTime(ctx, f, name, Need::kRequired, &t)) return false;
  *out = *t;
  return true;
}


bool ReadBool(Ctx& ctx, const Fields& f, std::string_view name, std::optional<bool>* out) {
  const dom::element* e = f.Get(name);
  if (e == nullptr) return true;
  bool b;
  if (e->get_bool().get(b) != simdjson::SUCCESS) {
    return ctx.Fail(dc::kWrongType, f.At(name), "must be true or false");
  }
  *out = b;
  return true;
}

bool ReadNonNegativeInt(Ctx& ctx, const Fields& f, std::string_view name, int64_t max,
                        std::optional<int64_t>* out) {
  const dom::element* e = f.Get(name);
  if (e == nullptr) return true;
  const dom::element_type type = e->type();
  if (type != dom::element_type::INT64 && type != dom::element_type::UINT64) {
    return ctx.Fail(dc::kWrongType, f.At(name), "must be an integer");
  }
  int64_t value;
  if (e->get_int64().get(value) != simdjson::SUCCESS || value < 0 || value > max) {
    return ctx.Fail(dc::kBadValue, f.At(name), "must be between 0 and " + std::to_string(max));
  }
  *out = value;
  return true;
}

bool ReadObject(Ctx& ctx, const Fields& parent, std::string_view name, Fields* out,
                bool* present) {
  const dom::element* e = parent.Get(name);
  *present = e != nullptr;
  if (e == nullptr) return true;
  dom::object object;
  if (e->get_object().get(object) != simdjson::SUCCESS) {
    return ctx.Fail(dc::kWrongType, parent.At(name), "must be an object");
  }
  return out->Collect(ctx, object);
}


bool ReadStringList(Ctx& ctx, const Fields& f, std::string_view name, Need need, Items items,
                    std::vector<std::string>* out) {
  const dom::element* e = f.Get(name);
  if (e == nullptr) return need == Need::kOptional || ctx.Missing(f.At(name));
  const bool ok = ctx.ForEachItem(*e, f.At(name), [&](dom::element item, const Path& p) {
    std::string_view s;
    if (!ctx.String(item, p, &s)) return false;
    if (items == Items::kPurposePath && !IsPurposePath(s)) {
      return ctx.Fail(dc::kBadValue, p,
                      "must be a dot path of lowercase segments [a-z0-9_], such as "
                      "marketing.communications.email");
    }
    if (s.empty()) return ctx.Fail(dc::kBadValue, p, "must not be empty");
    out->emplace_back(s);
    return true;
  });
  if (!ok) return false;
  if (need == Need::kRequired && out->empty()) {
    return ctx.Fail(dc::kBadValue, f.At(name), "must list at least one item");
  }
  return true;
}

bool ReadChannels(Ctx& ctx, const Fields& f, std::string_view name, Need need,
                  std::optional<ChannelSet>* out) {
  const dom::element* e = f.Get(name);
  if (e == nullptr) return need == Need::kOptional || ctx.Missing(f.At(name));
  ChannelSet set;
  size_t count = 0;
  const bool ok = ctx.ForEachItem(*e, f.At(name), [&](dom::element item, const Path& p) {
    std::string_view s;
    if (!ctx.String(item, p, &s)) return false;
    ++count;
    if (s == "*") {
      set.all = true;
      return true;
    }
    std::optional<Channel> c = ParseChannel(s);
    if (!c) return ctx.Fail(dc::kBadEnum, p, "is not '*' or one of " + AllowedWords<Channel>(8));
    if (std::find(set.channels.begin(), set.channels.end(), *c) == set.channels.end()) {
      set.channels.push_back(*c);
    }
    return true;
  });
  if (!ok) return false;
  if (count == 0) return ctx.Fail(dc::kBadValue, f.At(name), "must list at least one channel");
  *out = std::move(set);
  return true;
}

}  // namespace consentry::ingest_internal
