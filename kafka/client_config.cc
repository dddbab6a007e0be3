#include "kafka/client_config.h"

namespace consentry::kafka {

StatusOr<std::unique_ptr<RdKafka::Conf>> MakeConf(const Settings& settings) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [key, value] : settings) {
    if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK) {
      return InvalidArgument("kafka setting '" + key + "': " + error);
    }
  }
  return conf;
}

}  // namespace consentry::kafka
