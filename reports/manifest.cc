#include "reports/manifest.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/digest.h"
#include "core/json_writer.h"
#include "core/signing.h"

namespace consentry {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSchema = "consentry.manifest.v1";

bool IsHex(std::string_view text, size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A name the manifest can hold: a plain file name, no separators or control characters.
bool GoodName(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name == kManifestName) return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path.string() + ": cannot read it");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Unavailable(path.string() + ": reading failed");
  return text.str();
}

}  // namespace

std::string ManifestSignedText(const std::vector<ManifestEntry>& files) {
  std::string text = "consentry manifest v1\n";
  for (const ManifestEntry& f : files) text += f.path + "\t" + f.sha256 + "\n";
  return text;
}

std::string EncodeManifest(const Manifest& m) {
  JsonWriter w;
  w.BeginObject().Field("schema", kSchema).Key("files").BeginArray();
  for (const ManifestEntry& f : m.files) {
    w.BeginObject().Field("path", f.path).Field("sha256", f.sha256).EndObject();
  }
  w.EndArray();
  w.Field("public_key_sha256", m.public_key_sha256).Field("signature", m.signature);
  w.EndObject();
  return w.Take();
}

StatusOr<Manifest> DecodeManifest(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(json.data(), json.size()).get_object().get(root) != simdjson::SUCCESS) {
    return InvalidArgument("the manifest is not a JSON object");
  }
  std::string_view schema, key, signature;
  if (root["schema"].get_string().get(schema) != simdjson::SUCCESS || schema != kSchema) {
    return InvalidArgument("the manifest's schema is not " + std::string(kSchema));
  }
  if (root["public_key_sha256"].get_string().get(key) != simdjson::SUCCESS || !IsHex(key, 64)) {
    return InvalidArgument("the manifest's public_key_sha256 is not 64 hex digits");
  }
  if (root["signature"].get_string().get(signature) != simdjson::SUCCESS ||
      !IsHex(signature, 128)) {
    return InvalidArgument("the manifest's signature is not 128 hex digits");
  }
  simdjson::dom::array files;
  if (root["files"].get_array().get(files) != simdjson::SUCCESS) {
    return InvalidArgument("the manifest has no files list");
  }
  Manifest m{.public_key_sha256 = std::string(key), .signature = std::string(signature)};
  for (simdjson::dom::element item : files) {
    std::string_view path, sha;
    if (item["path"].get_string().get(path) != simdjson::SUCCESS || !GoodName(path)) {
      return InvalidArgument("the manifest lists a file without a plain file name");
    }
    if (item["sha256"].get_string().get(sha) != simdjson::SUCCESS || !IsHex(sha, 64)) {
      return InvalidArgument("the manifest's sha256 of " + std::string(path) +
                             " is not 64 hex digits");
    }
    if (!m.files.empty() && path <= m.files.back().path) {
      return InvalidArgument("the manifest's files are not in path order, or one is listed twice");
    }
    m.files.push_back({std::string(path), std::string(sha)});
  }
  return m;
}

Status SignDirectory(const std::string& dir, std::string_view private_pem) {
  std::vector<ManifestEntry> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == kManifestName) continue;
    if (!entry.is_regular_file()) {
      return FailedPrecondition(dir + "/" + name + ": not a regular file; a report is flat");
    }
    if (!GoodName(name))
      return FailedPrecondition(dir + "/" + name + ": a name a manifest cannot hold");
    CONSENTRY_ASSIGN_OR_RETURN(const std::string content, ReadFile(entry.path()));
    files.push_back({name, Sha256Hex(content)});
  }
  if (ec) return FailedPrecondition(dir + ": cannot list it (" + ec.message() + ")");
  std::sort(files.begin(), files.end(),
            [](const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; });
  CONSENTRY_ASSIGN_OR_RETURN(const std::string public_pem, Ed25519PublicOf(private_pem));
  CONSENTRY_ASSIGN_OR_RETURN(std::string signature,
                             Ed25519SignHex(private_pem, ManifestSignedText(files)));
  const Manifest m{std::move(files), Sha256Hex(public_pem), std::move(signature)};
  std::ofstream out(fs::path(dir) / kManifestName, std::ios::binary | std::ios::trunc);
  out << EncodeManifest(m) << '\n';
  out.flush();
  if (!out) return Unavailable(dir + "/" + kManifestName + ": writing failed");
  return Status::Ok();
}

Status VerifyDirectory(const std::string& dir, std::string_view public_pem) {
  const fs::path manifest_path = fs::path(dir) / kManifestName;
  auto text = ReadFile(manifest_path);
  if (!text.ok()) return FailedPrecondition(manifest_path.string() + ": no manifest to check");
  auto manifest = DecodeManifest(*text);
  if (!manifest.ok()) {
    return FailedPrecondition(manifest_path.string() + ": " + manifest.status().message());
  }
  const Status signed_by =
      Ed25519VerifyHex(public_pem, ManifestSignedText(manifest->files), manifest->signature);
  if (signed_by.code() == StatusCode::kInvalidArgument) return signed_by;  // not a public key
  if (!signed_by.ok()) {
    const bool other_key = manifest->public_key_sha256 != Sha256Hex(public_pem);
    return FailedPrecondition(
        manifest_path.string() + ": the signature does not match " +
        (other_key ? "this key: another key signed it (public key SHA-256 " +
                         manifest->public_key_sha256 + ")"
                   : "the listed files: the manifest was changed after it was signed"));
  }
  std::set<std::string> listed;
  for (const ManifestEntry& f : manifest->files) {
    listed.insert(f.path);
    auto content = ReadFile(fs::path(dir) / f.path);
    if (!content.ok()) return FailedPrecondition(dir + "/" + f.path + ": listed but missing");
    if (Sha256Hex(*content) != f.sha256) {
      return FailedPrecondition(dir + "/" + f.path + ": changed since it was signed (SHA-256 " +
                                Sha256Hex(*content) + ", signed " + f.sha256 + ")");
    }
  }
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name != kManifestName && !listed.contains(name)) {
      return FailedPrecondition(dir + "/" + name + ": not in the signed manifest (added later)");
    }
  }
  if (ec) return FailedPrecondition(dir + ": cannot list it (" + ec.message() + ")");
  return Status::Ok();
}

}  // namespace consentry
