// consentry gen, produce and dump: synthetic traffic, sending a JSONL stream to the input
// topics, and writing a topic back out to JSONL.

#include <fmt/format.h>

#include <fstream>
#include <limits>

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
  const std::string out = flags.Get("out");
  const std::string labels_out = flags.Get("labels");
  GenOptions o;
  o.seed = static_cast<uint64_t>(flags.Int("seed"));
  o.subjects = static_cast<int>(flags.Int("subjects"));
  o.messages_per_subject = static_cast<int>(flags.Int("messages-per-subject"));
  o.malformed = static_cast<int>(flags.Int("malformed"));
  o.sender_scenarios = static_cast<int>(flags.Int("sender-scenarios"));
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

// The generator's sizes within what it can make.
Status CheckGenFlags(const Flags& flags) {
  const auto within = [&flags](const char* name, int64_t low, int64_t high) {
    const int64_t v = flags.Int(name);
    if (v >= low && v <= high) return Status::Ok();
    return InvalidArgument("--" + std::string(name) + " must be " + std::to_string(low) + " to " +
                           std::to_string(high) + ", not " + std::to_string(v));
  };
  constexpr int64_t kIntMax = std::numeric_limits<int>::max();
  CONSENTRY_RETURN_IF_ERROR(within("subjects", 1, kIntMax));
  CONSENTRY_RETURN_IF_ERROR(within("messages-per-subject", 1, kIntMax));
  CONSENTRY_RETURN_IF_ERROR(within("malformed", 0, kIntMax));
  // Each copy takes nine days from 2026-03-03; 20 copies end in September, before the
  // generator's last date.
  return within("sender-scenarios", 0, 20);
}

Flag RequiredFile(std::string name, std::string help) {
  return Flag{
      .name = std::move(name), .value_name = "FILE", .help = std::move(help), .required = true};
}

}  // namespace

Command GenCommand() {
  const GenOptions defaults;
  const auto number = [](std::string name, std::string help, int64_t value) {
    return Flag{.name = std::move(name),
                .type = FlagType::kInt,
                .value_name = "N",
                .help = std::move(help),
                .default_value = std::to_string(value)};
  };
  return {
      .spec = {.name = "gen",
               .summary = "Synthetic traffic with ground-truth labels: consent decisions, "
                          "campaigns and messages, every detector's scenarios with their "
                          "near misses, and malformed records (docs/generator.md).",
               .flags = {RequiredFile("out", "the traffic, JSON lines (replaced)"),
                         RequiredFile("labels", "the labels, JSON lines (replaced)"),
                         number("seed", "the same seed makes the same traffic", 42),
                         number("subjects", "how many subjects", defaults.subjects),
                         number("messages-per-subject", "messages per subject",
                                defaults.messages_per_subject),
                         number("malformed", "malformed records mixed in", defaults.malformed),
                         number("sender-scenarios", "copies of the sender-level scenarios, 0 to 20",
                                defaults.sender_scenarios)}},
      .check_usage = CheckGenFlags,
      .run = ExitZero(Gen)};
}

Command ProduceCommand() {
  return {.spec = {.name = "produce",
                   .summary = "Send a JSONL stream to the input topics, each record to its "
                              "schema's topic, keyed as the pipeline expects.",
                   .flags = {ConfigFlag(),
                             RequiredFile("input", "the records, JSON lines (e.g. gen's --out)"),
                             BootstrapFlag()}},
          .run = ExitZero(Produce)};
}

Command DumpCommand() {
  return {.spec = {.name = "dump",
                   .summary = "Write a whole topic (alerts, dead letters) to a JSONL file, "
                              "reading committed records only.",
                   .flags = {ConfigFlag(),
                             {.name = "topic",
                              .value_name = "NAME",
                              .help = "the topic to read",
                              .required = true},
                             RequiredFile("out", "where the records go, one per line (replaced)"),
                             BootstrapFlag()}},
          .run = ExitZero(Dump)};
}

}  // namespace consentry
