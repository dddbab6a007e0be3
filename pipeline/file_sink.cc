#include "pipeline/file_sink.h"

#include <cerrno>
#include <cstring>
#include <memory>

#include "reports/stats_record.h"

namespace consentry {
namespace {

StatusOr<std::FILE*> OpenForWrite(const std::string& path) {
  if (path.empty()) return static_cast<std::FILE*>(nullptr);
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return FailedPrecondition("cannot write " + path + ": " + std::strerror(errno));
  return f;
}

}  // namespace

StatusOr<std::unique_ptr<FileSink>> FileSink::Open(const std::string& alerts_path,
                                                   const std::string& dlq_path,
                                                   const std::string& stats_path) {
  std::unique_ptr<FileSink> sink(new FileSink());
  CONSENTRY_ASSIGN_OR_RETURN(sink->alerts_, OpenForWrite(alerts_path));
  CONSENTRY_ASSIGN_OR_RETURN(sink->dlq_, OpenForWrite(dlq_path));
  CONSENTRY_ASSIGN_OR_RETURN(sink->stats_, OpenForWrite(stats_path));
  return sink;
}

FileSink::~FileSink() {
  if (alerts_) std::fclose(alerts_);
  if (dlq_) std::fclose(dlq_);
  if (stats_) std::fclose(stats_);
}

Status FileSink::WriteLine(std::FILE* file, const std::string& line) {
  if (!file) return Status::Ok();
  if (std::fwrite(line.data(), 1, line.size(), file) != line.size() || std::fputc('\n', file) == EOF) {
    return Unavailable(std::string("writing output: ") + std::strerror(errno));
  }
  return Status::Ok();
}

Status FileSink::Emit(const Alert& alert) { return WriteLine(alerts_, ToJson(alert)); }
Status FileSink::Emit(const DlqEntry& entry) { return WriteLine(dlq_, ToJson(entry)); }
Status FileSink::Emit(const StatsRecord& record) { return WriteLine(stats_, ToJson(record)); }

Status FileSink::Commit(StoreBatch&, const std::map<TopicPartition, int64_t>&) {
  for (std::FILE* f : {alerts_, dlq_, stats_}) {
    if (f && std::fflush(f) != 0) return Unavailable(std::string("flushing output: ") + std::strerror(errno));
  }
  return Status::Ok();
}

Status FileSink::Emit(const SenderRecord&) {
  return FailedPrecondition("a file sink takes no sender records; link a sender stage");
}

}  // namespace consentry
