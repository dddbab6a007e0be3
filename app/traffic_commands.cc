// consentry gen, produce and dump: synthetic traffic, sending a JSONL stream to the input
// topics, and writing a topic back out to JSONL.

#include <fstream>

#include <fmt/format.h>

#include "app/command_util.h"
#include "app/commands.h"
#include "core/log.h"
#include "gen/traffic.h"
#include "ingest/decoder.h"
#include "kafka/admin.h"
#include "kafka/producer.h"
#include "kafka/topic_reader.h"
#include "pipeline/inputs.h"

namespace consentry {
namespace {

Status WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return FailedPrecondition("cannot write " + path);
  for (const auto& line : lines) out << line << '\n';
  out.flush();
  if (!out) return Unavailable("writing " + path + " failed");
  return Status::Ok();
}

Status Gen(const Flags& flags) {
  GenOptions o;
  CONSENTRY_ASSIGN_OR_RETURN(const std::string out, flags.Required("out"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string labels_out, flags.Required("labels"));
  CONSENTRY_ASSIGN_OR_RETURN(int64_t seed, flags.Int("seed", 42));
  CONSENTRY_ASSIGN_OR_RETURN(int64_t subjects, flags.Int("subjects", o.subjects));
  CONSENTRY_ASSIGN_OR_RETURN(int64_t per_subject, flags.Int("messages-per-subject", o.messages_per_subject));
  CONSENTRY_ASSIGN_OR_RETURN(int64_t malformed, flags.Int("malformed", o.malformed));
  CONSENTRY_ASSIGN_OR_RETURN(int64_t sender_copies,
                             flags.Int("sender-scenarios", o.sender_scenarios));
  if (subjects < 1 || per_subject < 1 || malformed < 0) {
    return InvalidArgument("--subjects and --messages-per-subject must be >= 1, --malformed >= 0");
  }
  // Each copy takes nine days from 2026-03-03; 20 copies end in September, before the
  // generator's last date.
  if (sender_copies < 0 || sender_copies > 20) {
    return InvalidArgument("--sender-scenarios must be 0 to 20");
  }
  o.seed = static_cast<uint64_t>(seed);
  o.subjects = static_cast<int>(subjects);
  o.messages_per_subject = static_cast<int>(per_subject);
  o.malformed = static_cast<int>(malformed);
  o.sender_scenarios = static_cast<int>(sender_copies);
  const GeneratedTraffic traffic = GenerateTraffic(o);
  CONSENTRY_RETURN_IF_ERROR(WriteLines(out, traffic.lines));
  std::vector<std::string> labels;
  size_t messages = 0, violations = 0, dead_letters = 0;
  for (const auto& l : traffic.labels) {
    labels.push_back(ToJson(l));
    if (l.event_id.empty()) {
      ++dead_letters;
    } else {
      ++messages;
      violations += !l.expected.empty();
    }
  }
  size_t sender_positives = 0;
  for (const auto& l : traffic.sender_labels) {
    labels.push_back(ToJson(l));
    sender_positives += l.positive;
  }
  CONSENTRY_RETURN_IF_ERROR(WriteLines(labels_out, labels));
  log::Info("gen", fmt::format("{} records ({} messages, {} with expected alerts, {} to be "
                               "dead-lettered; {} sender labels, {} of them positive) -> {}",
                               traffic.lines.size(), messages, violations, dead_letters,
                               traffic.sender_labels.size(), sender_positives, out));
  return Status::Ok();
}

Status Produce(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string input, flags.Required("input"));
  const InputTable inputs(EngineOptionsFor(config).topics);
  // Fails fast, naming the cause, when the broker refuses us (authentication, TLS) or a topic is
  // missing: the producer alone would retry until its delivery timeout, minutes later.
  std::vector<std::string> topics;
  for (const InputSpec& spec : inputs.all()) topics.push_back(spec.topic);
  CONSENTRY_RETURN_IF_ERROR(kafka::PartitionCounts(config.kafka, topics).status());
  CONSENTRY_ASSIGN_OR_RETURN(auto producer, kafka::Producer::Create(config.kafka));
  Decoder decoder(config.decode_limits);
  int64_t sent = 0, undecodable = 0;
  CONSENTRY_RETURN_IF_ERROR(ForEachLine(input, [&](std::string_view line, int64_t) -> Status {
    if (line.empty()) return Status::Ok();
    std::string topic = inputs.For(InputKind::kOutbound).topic, key;
    auto decoded = decoder.Decode(line);
    if (auto* event = std::get_if<Event>(&decoded)) {
      topic = inputs.For(KindOf(*event)).topic;
      key = PartitionKey(*event);
    } else {
      // Broken records still go where their schema says, so the DLQ path is exercised there.
      ++undecodable;
      for (const InputSpec& spec : inputs.all()) {
        if (line.find("\"" + std::string(spec.schema) + "\"") != std::string_view::npos) {
          topic = spec.topic;
        }
      }
    }
    ++sent;
    return producer->Produce(topic, key, line);
  }));
  CONSENTRY_RETURN_IF_ERROR(producer->Flush());
  log::Info("produce", fmt::format("{} records sent ({} undecodable, sent to test the DLQ)", sent,
                                   undecodable));
  return Status::Ok();
}

Status Dump(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(Config config, LoadConfigFromFlags(flags));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string topic, flags.Required("topic"));
  CONSENTRY_ASSIGN_OR_RETURN(const std::string out, flags.Required("out"));
  CONSENTRY_ASSIGN_OR_RETURN(auto records, kafka::ReadTopic(config.kafka, topic));
  std::vector<std::string> lines;
  for (auto& r : records) lines.push_back(std::move(r.value));
  CONSENTRY_RETURN_IF_ERROR(WriteLines(out, lines));
  log::Info("dump", fmt::format("{} records from {} -> {}", lines.size(), topic, out));
  return Status::Ok();
}

}  // namespace

int GenCommand(const Args& args) {
  auto flags = Flags::Parse(
      args, FlagSpec{.required = {"out", "labels"},
                     .optional = {"seed", "subjects", "messages-per-subject", "malformed",
                                  "sender-scenarios"}});
  if (!flags.ok()) return Fail("gen", flags.status(), /*usage=*/true);
  Status s = Gen(*flags);
  return s.ok() ? 0 : Fail("gen", s);
}

int ProduceCommand(const Args& args) {
  auto flags =
      Flags::Parse(args, FlagSpec{.required = {"config", "input"}, .optional = {"bootstrap"}});
  if (!flags.ok()) return Fail("produce", flags.status(), /*usage=*/true);
  Status s = Produce(*flags);
  return s.ok() ? 0 : Fail("produce", s);
}

int DumpCommand(const Args& args) {
  auto flags = Flags::Parse(
      args, FlagSpec{.required = {"config", "topic", "out"}, .optional = {"bootstrap"}});
  if (!flags.ok()) return Fail("dump", flags.status(), /*usage=*/true);
  Status s = Dump(*flags);
  return s.ok() ? 0 : Fail("dump", s);
}

}  // namespace consentry
