#include "app/yaml_load.h"

#include <yaml-cpp/eventhandler.h>

#include <array>
#include <cstdio>
#include <new>
#include <sstream>
#include <string_view>
#include <utility>

#include "core/utf8.h"

namespace consentry {
namespace {

// yaml-cpp's messages (yaml-cpp/exceptions.h, ErrorMsg) for the mistakes people make, and what
// to do about each. Matched by prefix: some messages end with the offending character.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kHints = {{
    {"illegal tab", "indent with spaces, not tabs"},
    {"illegal map value",
     "check this line's indentation against the line above (spaces, not tabs), and quote a "
     "value that contains \": \""},
    {"end of map flow not found", "close the `{` with `}`"},
    {"end of sequence flow not found", "close the `[` with `]`"},
    {"end of map not found", "check the indentation of this block"},
    {"end of sequence not found", "check the indentation of this list"},
    {"illegal block entry", "a `- ` list item must be indented under a key"},
    {"illegal map key", "check the indentation, or quote the key"},
    {"unknown escape character",
     "inside double quotes write a backslash as \\\\, or use single quotes"},
    {"illegal EOF in scalar", "close the quote or block that starts on this line"},
    {"the referenced anchor is not defined", "define the anchor (&name) before its alias (*name)"},
    {"illegal flow end", "remove the `]` or `}` that closes nothing"},
}};

std::string Where(const std::string& path, const YAML::Mark& mark) {
  return mark.line >= 0 ? path + ":" + std::to_string(mark.line + 1) : path;
}

Status SyntaxError(const YAML::Exception& e, const std::string& path) {
  std::string_view fix = "check the YAML syntax on this line and the one before it";
  for (const auto& [message, hint] : kHints) {
    if (std::string_view(e.msg).starts_with(message)) fix = hint;
  }
  return InvalidArgument(Where(path, e.mark) + ": not valid YAML (" + e.msg + "); fix: " +
                         std::string(fix));
}

// YAML's own rule for the characters of a document: well-formed UTF-8 without control
// characters other than tab, line feed and carriage return. yaml-cpp is lenient here in ways
// that hide the real problem (a NUL byte ends the document early; an invalid byte shifts every
// position after it, and the quote check below relies on positions).
Status CheckCharacters(std::string_view text, const std::string& path) {
  int line = 1;
  while (!text.empty()) {
    char32_t c = 0;
    const size_t n = DecodeUtf8(text, &c);
    const std::string where = path + ":" + std::to_string(line) + ": ";
    if (n == 0) {
      return InvalidArgument(where + "the file is not UTF-8 text; fix: save it as UTF-8");
    }
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "%04X", static_cast<unsigned>(c));
      return InvalidArgument(where + "a control character (U+" + code +
                             ") is not allowed in YAML; fix: remove it");
    }
    if (c == '\n') ++line;
    text.remove_prefix(n);
  }
  return Status::Ok();
}

// True if the quoted scalar whose opening quote is at text[pos] is closed before the end.
bool QuoteCloses(const std::string& text, size_t pos) {
  const char quote = text[pos];
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escaped character, perhaps a quote
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
      } else {
        return true;
      }
    }
  }
  return false;
}

// One pass over the parser's events, before any tree is built: finds what yaml-cpp accepts but
// a configuration must not hold. The first problem found is kept.
class Screen : public YAML::EventHandler {
 public:
  Screen(const std::string& text, const std::string& path) : text_(text), path_(path) {}

  const Status& status() const { return status_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0) {
      Fail(mark, "a second YAML document starts here (`---`)",
           "keep one document: consentry reads only the first");
    }
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  // An alias makes the document a graph: a few lines can expand into billions of nodes, or
  // into a node that contains itself.
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Fail(mark, "aliases (*name) are not supported in a configuration",
         "write the value out where the alias is");
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text_.size()) return;
    const auto pos = static_cast<size_t>(mark.pos);
    if ((text_[pos] == '"' || text_[pos] == '\'') && !QuoteCloses(text_, pos)) {
      Fail(mark,
           std::string("the ") + (text_[pos] == '"' ? "double" : "single") +
               " quote opened on this line is never closed, so every later line would be part "
               "of this value",
           "close the quote");
    }
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  void Fail(const YAML::Mark& mark, const std::string& problem, const std::string& fix) {
    if (status_.ok()) {
      status_ = InvalidArgument(Where(path_, mark) + ": " + problem + "; fix: " + fix);
    }
  }

  const std::string& text_;
  const std::string& path_;
  int documents_ = 0;
  Status status_;
};

// Runs the Screen over the first document, then over the start of a second one if any.
Status ScreenDocument(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  Screen screen(text, path);
  if (parser.HandleNextDocument(screen) && screen.status().ok()) {
    parser.HandleNextDocument(screen);
  }
  return screen.status();
}

}  // namespace

StatusOr<YAML::Node> LoadYaml(const std::string& file_text, const std::string& path) try {
  // A byte order mark is allowed, and dropped: yaml-cpp skips it too, but then its positions
  // no longer match the text's.
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  const std::string text = std::string_view(file_text).starts_with(kByteOrderMark)
                               ? file_text.substr(kByteOrderMark.size())
                               : file_text;
  CONSENTRY_RETURN_IF_ERROR(CheckCharacters(text, path));
  CONSENTRY_RETURN_IF_ERROR(ScreenDocument(text, path));
  YAML::Node root = YAML::Load(text);
  if (!root.IsDefined() || root.IsNull()) {
    return InvalidArgument(path +
                           ": the file is empty (no settings, only blank lines or comments); "
                           "fix: start from configs/consentry.yaml (at least a `detectors:` "
                           "section is needed)");
  }
  return root;
} catch (const YAML::Exception& e) {
  return SyntaxError(e, path);
} catch (const std::bad_alloc&) {
  return InvalidArgument(path + ": out of memory while parsing the configuration file");
}

}  // namespace consentry
