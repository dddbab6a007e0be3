#include "reports/stats_record.h"

#include <simdjson.h>

#include <chrono>
#include <cstdio>

#include "core/json_writer.h"
#include "core/time.h"

namespace consentry {
namespace {

namespace dom = simdjson::dom;

constexpr int64_t kMaxCount = int64_t{1} << 48;

Status Bad(const std::string& what) { return InvalidArgument("stats.v1: " + what); }

Status ReadString(dom::object o, const char* name, std::string* out) {
  std::string_view v;
  if (o[name].get_string().get(v) != simdjson::SUCCESS) {
    return Bad(std::string("field '") + name + "' must be a string");
  }
  *out = std::string(v);
  return Status::Ok();
}

Status ReadCount(dom::object o, const char* name, int64_t max, int64_t* out) {
  int64_t v;
  if (o[name].get_int64().get(v) != simdjson::SUCCESS || v < 0 || v > max) {
    return Bad(std::string("field '") + name + "' must be an integer from 0 to " +
               std::to_string(max));
  }
  *out = v;
  return Status::Ok();
}

}  // namespace

std::string StatsTopicKey(const StatsCellKey& key) {
  JsonWriter w;
  w.BeginArray();
  w.Int(key.partition).String(FormatDay(key.day)).String(key.tenant.value());
  w.String(key.channel).String(key.purpose).String(key.jurisdiction);
  w.EndArray();
  return w.Take();
}

std::string ToJson(const StatsRecord& record) {
  const StatsCellKey& key = record.key;
  const StatsCell& cell = record.cell;
  JsonWriter w;
  w.BeginObject();
  w.Field("schema", "stats.v1");
  w.Field("partition", int64_t{key.partition});
  w.Field("day", FormatDay(key.day));
  w.Field("tenant", key.tenant.value());
  w.Field("channel", key.channel);
  w.Field("purpose", key.purpose);
  w.Field("jurisdiction", key.jurisdiction);
  w.Field("screened", cell.screened);
  w.Field("ai_generated", cell.ai_generated);
  w.Field("ai_disclosed", cell.ai_disclosed);
  w.Key("violations").BeginObject();
  for (const auto& [detector, count] : cell.violations) w.Field(detector, count);
  w.EndObject();
  w.Key("honoured").BeginObject();
  w.Field("count", cell.honoured.count());
  w.Field("total_us", static_cast<int64_t>(cell.honoured.total().count()));
  w.Field("max_us", static_cast<int64_t>(cell.honoured.max().count()));
  w.Key("buckets").BeginArray();
  for (int64_t b : cell.honoured.buckets()) w.Int(b);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return w.Take();
}

StatusOr<StatsRow> DecodeStatsRecord(std::string_view json) {
  if (json.size() > 64 * 1024) return Bad("record larger than 64 KiB");
  dom::parser parser;
  dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS) {
    return Bad("not a JSON document");
  }
  dom::object o;
  if (doc.get_object().get(o) != simdjson::SUCCESS) return Bad("not a JSON object");
  std::string schema;
  CONSENTRY_RETURN_IF_ERROR(ReadString(o, "schema", &schema));
  if (schema != "stats.v1") return Bad("schema is '" + schema + "', not stats.v1");
  StatsRow row;
  int64_t partition;
  CONSENTRY_RETURN_IF_ERROR(ReadCount(o, "partition", INT32_MAX, &partition));
  row.partition = static_cast<int32_t>(partition);
  std::string day;
  CONSENTRY_RETURN_IF_ERROR(ReadString(o, "day", &day));
  auto parsed_day = ParseDay(day);
  if (!parsed_day.ok()) return Bad("field 'day' must be YYYY-MM-DD");
  row.day = *parsed_day;
  CONSENTRY_RETURN_IF_ERROR(ReadString(o, "tenant", &row.tenant));
  CONSENTRY_RETURN_IF_ERROR(ReadString(o, "channel", &row.channel));
  CONSENTRY_RETURN_IF_ERROR(ReadString(o, "purpose", &row.purpose));
  CONSENTRY_RETURN_IF_ERROR(ReadString(o, "jurisdiction", &row.jurisdiction));
  CONSENTRY_RETURN_IF_ERROR(ReadCount(o, "screened", kMaxCount, &row.screened));
  CONSENTRY_RETURN_IF_ERROR(ReadCount(o, "ai_generated", row.screened, &row.ai_generated));
  CONSENTRY_RETURN_IF_ERROR(ReadCount(o, "ai_disclosed", row.ai_generated, &row.ai_disclosed));
  dom::object violations;
  if (o["violations"].get_object().get(violations) != simdjson::SUCCESS) {
    return Bad("field 'violations' must be an object");
  }
  for (auto field : violations) {
    int64_t count;
    if (field.value.get_int64().get(count) != simdjson::SUCCESS || count < 1 ||
        count > kMaxCount) {
      return Bad("a violation count must be an integer from 1 to 2^48");
    }
    if (!row.violations.emplace(std::string(field.key), count).second) {
      return Bad("detector '" + std::string(field.key) + "' appears twice");
    }
  }
  dom::object honoured;
  if (o["honoured"].get_object().get(honoured) != simdjson::SUCCESS) {
    return Bad("field 'honoured' must be an object");
  }
  CONSENTRY_RETURN_IF_ERROR(ReadCount(honoured, "count", kMaxCount, &row.honoured_count));
  CONSENTRY_RETURN_IF_ERROR(ReadCount(honoured, "total_us", INT64_MAX, &row.honoured_total_us));
  CONSENTRY_RETURN_IF_ERROR(
      ReadCount(honoured, "max_us", row.honoured_total_us, &row.honoured_max_us));
  dom::array buckets;
  if (honoured["buckets"].get_array().get(buckets) != simdjson::SUCCESS ||
      buckets.size() != DelayHistogram::kBuckets) {
    return Bad("field 'honoured.buckets' must be an array of " +
               std::to_string(DelayHistogram::kBuckets) + " counts");
  }
  int64_t sum = 0;
  size_t i = 0;
  for (dom::element b : buckets) {
    int64_t v;
    if (b.get_int64().get(v) != simdjson::SUCCESS || v < 0 || v > kMaxCount) {
      return Bad("a bucket of 'honoured.buckets' must be an integer from 0 to 2^48");
    }
    row.honoured_buckets[i++] = v;
    sum += v;
  }
  if (sum != row.honoured_count) return Bad("'honoured.buckets' do not add up to its count");
  return row;
}

}  // namespace consentry
