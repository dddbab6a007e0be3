#include "alerts/alert_decode.h"

#include <simdjson.h>

#include <optional>
#include <string>

namespace consentry {
namespace {

namespace dom = simdjson::dom;

class Reader {
 public:
  explicit Reader(dom::object object) : object_(object) {}

  // A string field; absent or null is an error when `required`, else leaves `out` as it is.
  Status String(const char* name, bool required, std::string* out) {
    dom::element e;
    if (object_[name].get(e) != simdjson::SUCCESS || e.is_null()) {
      return required ? Missing(name) : Status::Ok();
    }
    std::string_view value;
    if (e.get_string().get(value) != simdjson::SUCCESS) return Wrong(name, "a string");
    *out = std::string(value);
    return Status::Ok();
  }
  template <typename Tag>
  Status Id(const char* name, bool required, StrongId<Tag>* out) {
    std::string value;
    CONSENTRY_RETURN_IF_ERROR(String(name, required, &value));
    if (!value.empty()) *out = StrongId<Tag>(std::move(value));
    return Status::Ok();
  }
  Status Time(const char* name, bool required, std::optional<Timestamp>* out) {
    std::string text;
    CONSENTRY_RETURN_IF_ERROR(String(name, required, &text));
    if (text.empty() && !required) return Status::Ok();
    auto t = ParseRfc3339(text);
    if (!t.ok()) return InvalidArgument(std::string("alert.v1: field '") + name +
                                        "' is not an RFC 3339 time");
    *out = *t;
    return Status::Ok();
  }
  Status RequiredTime(const char* name, Timestamp* out) {
    std::optional<Timestamp> t;
    CONSENTRY_RETURN_IF_ERROR(Time(name, true, &t));
    *out = *t;
    return Status::Ok();
  }
  Status Bool(const char* name, bool* out) {
    dom::element e;
    if (object_[name].get(e) != simdjson::SUCCESS || e.is_null()) return Status::Ok();
    if (e.get_bool().get(*out) != simdjson::SUCCESS) return Wrong(name, "true or false");
    return Status::Ok();
  }
  // The evidence object, kept as compact JSON text.
  Status Object(const char* name, std::string* out) {
    dom::element e;
    if (object_[name].get(e) != simdjson::SUCCESS || e.is_null()) return Missing(name);
    if (!e.is_object()) return Wrong(name, "an object");
    *out = simdjson::minify(e);
    return Status::Ok();
  }

 private:
  static Status Missing(const char* name) {
    return InvalidArgument(std::string("alert.v1: required field '") + name +
                           "' is missing or null");
  }
  static Status Wrong(const char* name, const char* what) {
    return InvalidArgument(std::string("alert.v1: field '") + name + "' must be " + what);
  }
  dom::object object_;
};

}  // namespace

StatusOr<Alert> DecodeAlert(std::string_view json) {
  if (json.size() > kMaxAlertBytes) {
    return InvalidArgument("alert.v1: a record of " + std::to_string(json.size()) +
                           " bytes is over the limit of " + std::to_string(kMaxAlertBytes));
  }
  dom::parser parser;
  const simdjson::padded_string padded(json);
  dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
    return InvalidArgument("alert.v1: not valid JSON");
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return InvalidArgument("alert.v1: not a JSON object");
  }
  Reader r(object);
  std::string schema;
  CONSENTRY_RETURN_IF_ERROR(r.String("schema", true, &schema));
  if (schema != "alert.v1") return InvalidArgument("alert.v1: field 'schema' is not alert.v1");
  Alert a;
  CONSENTRY_RETURN_IF_ERROR(r.Id("alert_id", true, &a.alert_id));
  CONSENTRY_RETURN_IF_ERROR(r.String("kind", true, &a.kind));
  if (a.kind != "alert" && a.kind != "retraction") {
    return InvalidArgument("alert.v1: field 'kind' must be alert or retraction");
  }
  CONSENTRY_RETURN_IF_ERROR(r.String("detector", true, &a.detector));
  CONSENTRY_RETURN_IF_ERROR(r.String("rule_version", true, &a.rule_version));
  CONSENTRY_RETURN_IF_ERROR(r.String("severity", true, &a.severity));
  CONSENTRY_RETURN_IF_ERROR(r.RequiredTime("event_time", &a.event_time));
  CONSENTRY_RETURN_IF_ERROR(r.RequiredTime("detected_at", &a.detected_at));
  CONSENTRY_RETURN_IF_ERROR(r.Id("tenant", true, &a.tenant));
  CONSENTRY_RETURN_IF_ERROR(r.Time("window_start", false, &a.window_start));
  const bool window = a.window_start.has_value();
  // A message alert names its message; a window alert its entity and window.
  CONSENTRY_RETURN_IF_ERROR(r.Id("event_id", !window, &a.event_id));
  CONSENTRY_RETURN_IF_ERROR(r.Id("subject", !window, &a.subject));
  CONSENTRY_RETURN_IF_ERROR(r.String("channel", !window, &a.channel));
  CONSENTRY_RETURN_IF_ERROR(r.String("purpose", !window, &a.purpose));
  CONSENTRY_RETURN_IF_ERROR(r.String("entity", window, &a.entity));
  CONSENTRY_RETURN_IF_ERROR(r.Time("window_end", false, &a.window_end));
  CONSENTRY_RETURN_IF_ERROR(r.Id("campaign_id", false, &a.campaign_id));
  CONSENTRY_RETURN_IF_ERROR(r.Id("sender_id", false, &a.sender_id));
  CONSENTRY_RETURN_IF_ERROR(r.String("jurisdiction", false, &a.jurisdiction));
  CONSENTRY_RETURN_IF_ERROR(r.String("reason", true, &a.reason));
  CONSENTRY_RETURN_IF_ERROR(r.Object("evidence", &a.evidence_json));
  CONSENTRY_RETURN_IF_ERROR(r.String("incident_key", true, &a.incident_key));
  CONSENTRY_RETURN_IF_ERROR(r.Bool("late", &a.late));
  CONSENTRY_RETURN_IF_ERROR(r.String("config_sha256", false, &a.config_sha256));
  return a;
}

}  // namespace consentry
