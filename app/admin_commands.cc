// consentry check-config and consentry topics create.

#include <cstdio>

#include "app/command_util.h"
#include "app/commands.h"
#include "kafka/admin.h"
#include "kafka/client_config.h"

namespace consentry {

namespace {

Status CheckConfig(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const Config config, LoadConfigFromFlags(flags));
  CONSENTRY_RETURN_IF_ERROR(MakeDetectors(config).status());
  CONSENTRY_RETURN_IF_ERROR(MakeSenderDetectors(config).status());
  std::string names;
  for (const auto& [name, _] : config.detectors) names += (names.empty() ? "" : ", ") + name;
  std::string sender_names;
  for (const auto& [name, _] : config.sender_detectors) {
    sender_names += (sender_names.empty() ? "" : ", ") + name;
  }
  std::printf(
      "%s: OK (%zu detectors on each message: %s; %zu in the sender stage%s%s; "
      "%zu policies; %zu purposes)\n",
      config.path.c_str(), config.detectors.size(), names.c_str(), config.sender_detectors.size(),
      sender_names.empty() ? "" : ": ", sender_names.c_str(), config.policies.policies().size(),
      config.taxonomy.Paths().size());
  // The client settings as librdkafka gets them, with each secret shown as *** (the output may be
  // pasted into a ticket).
  std::string kafka;
  for (const auto& [key, value] : config.kafka) {
    kafka += (kafka.empty() ? "" : ", ") + key + "=" + (kafka::IsSecretKey(key) ? "***" : value);
  }
  std::printf("kafka: %s\n", kafka.empty() ? "(no settings)" : kafka.c_str());
  return Status::Ok();
}

Status CreateTopics(const Flags& flags) {
  CONSENTRY_ASSIGN_OR_RETURN(const Config config, LoadConfigFromFlags(flags));
  const auto& t = config.topics;
  const int n = config.partitions;
  const std::vector<kafka::TopicSpec> specs = {
      {t.outbound, n, false},
      {t.consent, n, false},
      {t.feedback, n, false},
      // suppression.lists keeps history (a subject may be on several lists): not compacted.
      {t.suppression, n, false},
      {t.campaigns, 1, true},
      {t.alerts, n, false},
      {t.dlq, n, false},
      {t.changelog, n, true},
      {t.by_sender, n, false},
      {t.sender_changelog, n, true},
      // Report aggregates: one compacted partition, read whole by `consentry report`.
      {t.stats, 1, true},
  };
  CONSENTRY_RETURN_IF_ERROR(kafka::CreateTopics(config.kafka, specs));
  for (const auto& spec : specs) {
    std::printf("%-28s %3d partitions%s\n", spec.name.c_str(), spec.partitions,
                spec.compacted ? ", compacted" : "");
  }
  return Status::Ok();
}

}  // namespace

Command CheckConfigCommand() {
  return {.spec = {.name = "check-config",
                   .summary = "Validate a configuration without running: every section, "
                              "detector, policy and the purpose taxonomy; prints what it found "
                              "and the Kafka client settings (secrets shown as ***).",
                   .flags = {ConfigFlag()}},
          .run = ExitZero(CheckConfig)};
}

Command TopicsCreateCommand() {
  return {.spec = {.name = "topics create",
                   .summary = "Create every topic the config names, with the configured partition "
                              "counts and cleanup policies (changelogs compacted). A topic that "
                              "exists is fine when its partition count matches.",
                   .flags = {ConfigFlag(), BootstrapFlag()}},
          .run = ExitZero(CreateTopics)};
}

}  // namespace consentry
