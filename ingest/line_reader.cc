#include "ingest/line_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace consentry {
namespace {

constexpr size_t kBufferBytes = 64 * 1024;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

StatusOr<LineReader> LineReader::Open(const std::string& path, Options options) {
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) return FailedPrecondition("cannot open " + path + ": " + std::strerror(errno));
  return LineReader(path, std::move(file), options);
}

LineReader::LineReader(std::string path, std::unique_ptr<std::FILE, Closer> file,
                       Options options)
    : path_(std::move(path)), file_(std::move(file)), options_(options), buffer_(kBufferBytes) {}

StatusOr<bool> LineReader::Fill() {
  pos_ = 0;
  end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_.get());
  if (end_ == 0 && std::ferror(file_.get())) {
    return Unavailable("reading " + path_ + " failed: " + std::strerror(errno));
  }
  return end_ > 0;
}

StatusOr<bool> LineReader::Next(Line& line) {
  line.text.clear();
  line.bytes = 0;
  bool any = false;  // a byte of this line (or its end) was seen
  while (true) {
    if (pos_ == end_) {
      CONSENTRY_ASSIGN_OR_RETURN(const bool more, Fill());
      if (!more) break;
    }
    if (at_start_) {
      // The mark is 3 bytes; a first read shorter than that is at the end of the input anyway.
      at_start_ = false;
      if (std::string_view(buffer_.data(), end_).starts_with(kByteOrderMark)) {
        pos_ += kByteOrderMark.size();
        continue;
      }
    }
    if (after_cr_) {
      after_cr_ = false;
      if (buffer_[pos_] == '\n') {
        ++pos_;
        continue;
      }
    }
    const char* begin = buffer_.data() + pos_;
    const char* stop = buffer_.data() + end_;
    const char* found = std::find_if(begin, stop, [](char c) { return c == '\n' || c == '\r'; });
    const auto length = static_cast<size_t>(found - begin);
    const size_t keep = options_.max_line_bytes + 1;
    if (line.text.size() < keep) line.text.append(begin, std::min(length, keep - line.text.size()));
    line.bytes += length;
    any = true;
    if (line.bytes > options_.max_skip_bytes) {
      return InvalidArgument("line " + std::to_string(next_number_ + 1) + " of " + path_ +
                             " runs for more than " + std::to_string(options_.max_skip_bytes) +
                             " bytes without a line end: this is not a JSONL file");
    }
    pos_ += length;
    if (found != stop) {
      after_cr_ = *found == '\r';
      ++pos_;
      line.number = next_number_++;
      return true;
    }
  }
  if (!any) return false;
  line.number = next_number_++;
  return true;
}

}  // namespace consentry
