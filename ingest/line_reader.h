#pragma once
// LineReader: the lines of a JSONL file (or a pipe) in bounded memory, for `consentry replay`.
//
// A line ends at "\n", "\r\n" or a lone "\r" (files saved with old Mac line ends are not one
// huge record). A UTF-8 byte order mark at the start of the input is skipped. The end of the
// input ends the last line, with or without a line end; an empty line is still a line (the
// replay dead-letters it rather than skipping it silently).
//
// A line longer than `max_line_bytes` keeps only its first max_line_bytes + 1 bytes, enough for
// the decoder to reject it as oversize; the rest is read and thrown away, never held, and the
// line's full length is reported. A line longer than `max_skip_bytes` is an error: no line end
// in a gigabyte means the input is not JSONL at all (/dev/zero, a binary file).
//
// Not thread-safe; one reader per input.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace consentry {

struct Line {
  std::string text;     // without its line end; at most max_line_bytes + 1 bytes
  int64_t number = 0;   // 0-based
  uint64_t bytes = 0;   // the whole line's length, line end excluded
  bool cut() const { return bytes > text.size(); }
};

class LineReader {
 public:
  struct Options {
    size_t max_line_bytes = 64 * 1024;
    uint64_t max_skip_bytes = uint64_t{1} << 30;
  };

  static StatusOr<LineReader> Open(const std::string& path, Options options);

  // Fills `line` with the next line and returns true, or returns false at the end of the input.
  StatusOr<bool> Next(Line& line);

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  LineReader(std::string path, std::unique_ptr<std::FILE, Closer> file, Options options);
  // Refills the buffer; false at the end of the input.
  StatusOr<bool> Fill();

  std::string path_;
  std::unique_ptr<std::FILE, Closer> file_;
  Options options_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool at_start_ = true;    // nothing read yet: a byte order mark may follow
  bool after_cr_ = false;   // the last line ended with "\r": a "\n" right after belongs to it
  int64_t next_number_ = 0;
};

}  // namespace consentry
