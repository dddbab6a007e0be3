#include "alerts/audit_log.h"

#include <simdjson.h>

#include "core/digest.h"
#include "core/json_writer.h"
#include "core/signing.h"

namespace consentry {
namespace {

const std::string kGenesis(64, '0');

bool IsHash(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string AuditEntryHash(int64_t seq, Timestamp at, std::string_view kind,
                           std::string_view prev, std::string_view payload) {
  std::string text = "consentry audit v1\n";
  text += std::to_string(seq);
  text += '\n';
  text += FormatRfc3339(at);
  text += '\n';
  text += kind;
  text += '\n';
  text += prev;
  text += '\n';
  text += payload;
  return Sha256Hex(text);
}

std::string HeadMessage(int64_t seq, std::string_view hash) {
  return "consentry audit head v1\n" + std::to_string(seq) + "\n" + std::string(hash);
}

std::string AuditChain::HeadHash(const AuditEntry& last) {
  return last.seq == 0 ? kGenesis : last.hash;
}

AuditEntry AuditChain::Append(std::string kind, std::string payload, Timestamp at) {
  AuditEntry entry;
  entry.seq = ++seq_;
  entry.at = at;
  entry.kind = std::move(kind);
  entry.payload = std::move(payload);
  entry.prev = hash_;
  entry.hash = AuditEntryHash(entry.seq, entry.at, entry.kind, entry.prev, entry.payload);
  hash_ = entry.hash;
  return entry;
}

StatusOr<SignedHead> AuditChain::Sign(std::string_view private_pem) const {
  CONSENTRY_ASSIGN_OR_RETURN(std::string signature,
                             Ed25519SignHex(private_pem, HeadMessage(seq_, hash_)));
  return SignedHead{seq_, hash_, std::move(signature)};
}

std::string ExportLine(const AuditEntry& e) {
  JsonWriter w;
  w.BeginObject()
      .Field("seq", e.seq)
      .Field("at", FormatRfc3339(e.at))
      .Field("kind", e.kind)
      .Field("payload", e.payload)
      .Field("prev", e.prev)
      .Field("hash", e.hash);
  w.EndObject();
  return w.Take();
}

std::string ExportHeadLine(const SignedHead& head) {
  JsonWriter w;
  w.BeginObject().Key("head").BeginObject();
  w.Field("seq", head.seq).Field("hash", head.hash).Field("signature", head.signature);
  w.EndObject();
  w.EndObject();
  return w.Take();
}

AuditCheck VerifyAuditExport(std::string_view text, std::string_view public_pem) {
  namespace dom = simdjson::dom;
  AuditCheck check;
  dom::parser parser;
  int64_t line_number = 0;
  std::string prev = kGenesis;
  bool head_seen = false;
  const auto bad = [&](std::string problem) {
    check.bad_line = line_number;
    check.problem = std::move(problem);
    return check;
  };
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++line_number;
    if (line.empty()) continue;
    if (head_seen) return bad("a line after the signed head");
    dom::object object;
    if (parser.parse(line.data(), line.size()).get_object().get(object) != simdjson::SUCCESS) {
      return bad("not a JSON object");
    }
    dom::object head;
    if (object["head"].get_object().get(head) == simdjson::SUCCESS) {
      int64_t seq = 0;
      std::string_view hash, signature;
      if (head["seq"].get_int64().get(seq) != simdjson::SUCCESS ||
          head["hash"].get_string().get(hash) != simdjson::SUCCESS ||
          head["signature"].get_string().get(signature) != simdjson::SUCCESS) {
        return bad("a head without seq, hash and signature");
      }
      if (seq != check.entries || hash != prev) {
        return bad("the head names entry " + std::to_string(seq) +
                   ", not the last entry of the export (" + std::to_string(check.entries) +
                   "): entries were added or removed after it was signed");
      }
      if (Status s = Ed25519VerifyHex(public_pem, HeadMessage(seq, hash), signature); !s.ok()) {
        return bad("the head's signature: " + s.message());
      }
      head_seen = true;
      continue;
    }
    int64_t seq = 0;
    std::string_view when, kind, payload, previous, hash;
    if (object["seq"].get_int64().get(seq) != simdjson::SUCCESS ||
        object["at"].get_string().get(when) != simdjson::SUCCESS ||
        object["kind"].get_string().get(kind) != simdjson::SUCCESS ||
        object["payload"].get_string().get(payload) != simdjson::SUCCESS ||
        object["prev"].get_string().get(previous) != simdjson::SUCCESS ||
        object["hash"].get_string().get(hash) != simdjson::SUCCESS) {
      return bad("an entry without seq, at, kind, payload, prev and hash");
    }
    if (seq != check.entries + 1) {
      return bad("entry " + std::to_string(seq) + " where entry " +
                 std::to_string(check.entries + 1) + " should be: entries missing or reordered");
    }
    if (previous != prev) {
      return bad("entry " + std::to_string(seq) + ": prev is not the hash of the entry before it");
    }
    auto time = ParseRfc3339(when);
    if (!time.ok()) return bad("entry " + std::to_string(seq) + ": at is not an RFC 3339 time");
    if (!IsHash(hash) || hash != AuditEntryHash(seq, *time, kind, previous, payload)) {
      return bad("entry " + std::to_string(seq) + ": its hash does not match its content");
    }
    prev = std::string(hash);
    ++check.entries;
  }
  ++line_number;
  if (!head_seen) return bad("no signed head at the end: the export is cut short or unsigned");
  check.ok = true;
  check.bad_line = 0;
  return check;
}

}  // namespace consentry
