#include "kafka/kafka_status.h"

#include <string>

namespace consentry::kafka {

Status FromKafka(RdKafka::ErrorCode code, std::string_view context) {
  if (code == RdKafka::ERR_NO_ERROR) return Status::Ok();
  std::string message(context);
  message += ": ";
  message += RdKafka::err2str(code);
  switch (code) {
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__ALL_BROKERS_DOWN:
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR_REQUEST_TIMED_OUT:
    case RdKafka::ERR__QUEUE_FULL:
    case RdKafka::ERR_NOT_LEADER_FOR_PARTITION:
    case RdKafka::ERR_LEADER_NOT_AVAILABLE:
    case RdKafka::ERR_NOT_ENOUGH_REPLICAS:
    case RdKafka::ERR_NOT_COORDINATOR:
    case RdKafka::ERR_COORDINATOR_NOT_AVAILABLE:
    case RdKafka::ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RdKafka::ERR_REBALANCE_IN_PROGRESS:
    case RdKafka::ERR_CONCURRENT_TRANSACTIONS:
    case RdKafka::ERR__MSG_TIMED_OUT:
      return Unavailable(std::move(message));
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
    case RdKafka::ERR_GROUP_AUTHORIZATION_FAILED:
    case RdKafka::ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RdKafka::ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
    case RdKafka::ERR__INVALID_ARG:
    case RdKafka::ERR__AUTHENTICATION:
    case RdKafka::ERR_SASL_AUTHENTICATION_FAILED:
    case RdKafka::ERR_MSG_SIZE_TOO_LARGE:
    case RdKafka::ERR__FENCED:
    case RdKafka::ERR_PRODUCER_FENCED:
    case RdKafka::ERR_INVALID_PRODUCER_EPOCH:
    case RdKafka::ERR__FATAL:
      return FailedPrecondition(std::move(message));
    default:
      return Internal(std::move(message));
  }
}

bool IsFenced(RdKafka::ErrorCode code) {
  // INVALID_PRODUCER_EPOCH is how brokers before 2.7 (and librdkafka for some requests) say
  // PRODUCER_FENCED.
  return code == RdKafka::ERR__FENCED || code == RdKafka::ERR_PRODUCER_FENCED ||
         code == RdKafka::ERR_INVALID_PRODUCER_EPOCH;
}

Status FromKafkaError(const RdKafka::Error& error, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += error.str();
  if (IsFenced(error.code())) {
    return FailedPrecondition(
        message + " (another process took over this transactional id: a newer instance with the "
                  "same id started, so this one must stop)");
  }
  if (error.is_fatal()) {
    return FailedPrecondition(message + " (fatal: the producer cannot continue; restart)");
  }
  if (error.is_retriable()) return Unavailable(std::move(message));
  Status s = FromKafka(error.code(), context);
  // FromKafka's message uses the generic text of the code; the error's own text says more.
  return Status(s.code(), std::move(message));
}

}  // namespace consentry::kafka
