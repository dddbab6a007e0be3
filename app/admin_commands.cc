// consentry check-config and consentry topics create.

#include <cstdio>

#include "app/command_util.h"
#include "app/commands.h"
#include "kafka/admin.h"
#include "kafka/client_config.h"

namespace consentry {

int CheckConfigCommand(const Args& args) {
  auto flags = Flags::Parse(args, FlagSpec{.required = {"config"}});
  if (!flags.ok()) return Fail("check-config", flags.status(), /*usage=*/true);
  auto config = LoadConfigFromFlags(*flags);
  if (!config.ok()) return Fail("check-config", config.status());
  auto detectors = MakeDetectors(*config);
  if (!detectors.ok()) return Fail("check-config", detectors.status());
  auto sender_detectors = MakeSenderDetectors(*config);
  if (!sender_detectors.ok()) return Fail("check-config", sender_detectors.status());
  std::string names;
  for (const auto& [name, _] : config->detectors) names += (names.empty() ? "" : ", ") + name;
  std::string sender_names;
  for (const auto& [name, _] : config->sender_detectors) {
    sender_names += (sender_names.empty() ? "" : ", ") + name;
  }
  std::printf("%s: OK (%zu detectors on each message: %s; %zu in the sender stage%s%s; "
              "%zu policies; %zu purposes)\n",
              config->path.c_str(), config->detectors.size(), names.c_str(),
              config->sender_detectors.size(), sender_names.empty() ? "" : ": ",
              sender_names.c_str(), config->policies.policies().size(),
              config->taxonomy.Paths().size());
  // The client settings as librdkafka gets them, with each secret shown as *** (the output may be
  // pasted into a ticket).
  std::string kafka;
  for (const auto& [key, value] : config->kafka) {
    kafka += (kafka.empty() ? "" : ", ") + key + "=" + (kafka::IsSecretKey(key) ? "***" : value);
  }
  std::printf("kafka: %s\n", kafka.empty() ? "(no settings)" : kafka.c_str());
  return 0;
}

int TopicsCommand(const Args& args) {
  if (args.empty() || args[0] != "create") {
    return Fail("topics", InvalidArgument("usage: consentry topics create --config FILE"), true);
  }
  auto flags = Flags::Parse(Args(args.begin() + 1, args.end()),
                            FlagSpec{.required = {"config"}, .optional = {"bootstrap"}});
  if (!flags.ok()) return Fail("topics", flags.status(), /*usage=*/true);
  auto config = LoadConfigFromFlags(*flags);
  if (!config.ok()) return Fail("topics", config.status());
  const auto& t = config->topics;
  const int n = config->partitions;
  const std::vector<kafka::TopicSpec> specs = {
      {t.outbound, n, false},    {t.consent, n, false},   {t.feedback, n, false},
      // suppression.lists keeps history (a subject may be on several lists): not compacted.
      {t.suppression, n, false}, {t.campaigns, 1, true},  {t.alerts, n, false},
      {t.dlq, n, false},         {t.changelog, n, true},  {t.by_sender, n, false},
      {t.sender_changelog, n, true},
  };
  if (Status s = kafka::CreateTopics(config->kafka, specs); !s.ok()) return Fail("topics", s);
  for (const auto& spec : specs) {
    std::printf("%-28s %3d partitions%s\n", spec.name.c_str(), spec.partitions,
                spec.compacted ? ", compacted" : "");
  }
  return 0;
}

}  // namespace consentry
