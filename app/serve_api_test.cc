// The API of serve over real HTTP (an HttpServer on loopback in front of a ServeApi over a real
// RocksDB store), without Kafka: every route and role, allowed and refused; bad JSON, oversized
// bodies, unknown ids, wrong methods, the rate limit.

#include "app/serve_api.h"

#include <gtest/gtest.h>

#include "core/digest.h"
#include "state/test_util.h"
#include "tests/testing/http_client.h"

namespace consentry {
namespace {

using testing::HttpResult;

const Timestamp kStart = ParseRfc3339("2026-03-05T10:00:00Z").value();

// An email alert of `detector` about `subject`, on event m<minute> at kStart + minute.
Alert TestAlert(std::string id, std::string detector, std::string tenant, std::string subject,
                int minute, std::string evidence = "{}") {
  Alert a;
  a.alert_id = AlertId(std::move(id));
  a.detector = std::move(detector);
  a.rule_version = "1";
  a.severity = "high";
  a.event_id = EventId("m" + std::to_string(minute));
  a.event_time = kStart + std::chrono::minutes(minute);
  a.detected_at = a.event_time;
  a.tenant = TenantId(std::move(tenant));
  a.subject = SubjectId(std::move(subject));
  a.channel = "email";
  a.purpose = "marketing.communications.email";
  a.reason = "No consent.";
  a.evidence_json = std::move(evidence);
  a.incident_key = MakeIncidentKey(a.detector, a.tenant, a.campaign_id, a.sender_id);
  return a;
}

class ServeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, role] :
         std::vector<std::pair<std::string, Role>>{{"vic", Role::kViewer},
                                                   {"rita", Role::kReviewer},
                                                   {"reg", Role::kRegulator},
                                                   {"ada", Role::kAdmin}}) {
      config_.tokens.push_back(ApiToken{name, role, Sha256Hex(name + "-token")});
    }
    store_ = Store::Open(dir_.Sub("serve"), StoreOptions{}).value();
    core_ = ServeCore::Open(*store_, config_, clock_).value();
    std::vector<InputRecord> records;
    for (int i = 0; i < 3; ++i) {
      Alert a = TestAlert("alert-" + std::to_string(i), "consent.missing", "acme",
                          "s" + std::to_string(i), i);
      a.campaign_id = CampaignId(i < 2 ? "spring" : "autumn");
      a.incident_key = MakeIncidentKey(a.detector, a.tenant, a.campaign_id, a.sender_id);
      records.push_back(InputRecord{"alerts", 0, i, "", ToJson(a)});
    }
    records.push_back(InputRecord{"alerts", 0, 3, "", "not json"});
    ASSERT_TRUE(core_->Ingest(records).ok());
    api_ = std::make_unique<ServeApi>(*core_, config_, /*rate_per_second=*/1000);
    api_->SetReady(true);
    server_ = HttpServer::Start({.max_body_bytes = 64 << 10}, [this](const HttpRequest& r) {
                return api_->Handle(r);
              }).value();
    id_ = core_->List({}).incidents.at(0).id;
  }
  HttpResult Call(const std::string& who, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    std::map<std::string, std::string> headers;
    if (!who.empty()) headers["Authorization"] = "Bearer " + who + "-token";
    return testing::HttpCall("127.0.0.1", server_->port(), method, target, body, headers);
  }

  ::consentry::testing::ScopedTempDir dir_;
  ServeConfig config_;
  ManualClock clock_{kStart + std::chrono::hours(1)};
  std::unique_ptr<Store> store_;
  std::unique_ptr<ServeCore> core_;
  std::unique_ptr<ServeApi> api_;
  std::unique_ptr<HttpServer> server_;
  std::string id_;
};

TEST_F(ServeApiTest, EveryRouteAnswersEachRoleAsDocumented) {
  struct Route {
    std::string method, target, body;
    std::map<std::string, int> status;  // by caller ("" no token, "eve" unknown)
  };
  const std::string one = "/api/incidents/" + id_;
  const std::vector<Route> routes = {
      {"GET",
       "/api/incidents",
       "",
       {{"", 401}, {"eve", 401}, {"vic", 200}, {"rita", 200}, {"reg", 403}, {"ada", 200}}},
      {"GET",
       one,
       "",
       {{"", 401}, {"eve", 401}, {"vic", 200}, {"rita", 200}, {"reg", 403}, {"ada", 200}}},
      {"POST",
       one + "/actions",
       R"({"action":"reopen"})",  // open: reopen is refused, 409
       {{"", 401}, {"eve", 401}, {"vic", 403}, {"rita", 409}, {"reg", 403}, {"ada", 409}}},
      {"POST",
       one + "/snooze",
       R"({"until":"2026-03-06T10:00:00Z","reason":"planned"})",
       {{"", 401}, {"eve", 401}, {"vic", 403}, {"rita", 200}, {"reg", 403}, {"ada", 200}}},
      {"GET",
       "/api/audit",
       "",
       {{"", 401}, {"eve", 401}, {"vic", 403}, {"rita", 403}, {"reg", 200}, {"ada", 200}}},
      {"POST",
       "/api/subject",
       R"({"subject":"s1"})",
       {{"", 401}, {"eve", 401}, {"vic", 403}, {"rita", 200}, {"reg", 403}, {"ada", 200}}},
      {"GET", "/", "", {{"", 200}, {"eve", 200}, {"vic", 200}}},
      {"GET", "/review.js", "", {{"", 200}}},
      {"GET", "/healthz", "", {{"", 200}}},
      {"GET", "/readyz", "", {{"", 200}}},
      {"GET", "/metrics", "", {{"", 200}}},
  };
  for (const Route& route : routes) {
    for (const auto& [who, status] : route.status) {
      const HttpResult r = Call(who, route.method, route.target, route.body);
      EXPECT_EQ(r.status, status) << route.method << " " << route.target << " as '" << who
                                  << "': " << r.body;
      if (status >= 400) {
        EXPECT_TRUE(r.body.starts_with("{\"error\":")) << r.body;
        EXPECT_EQ(r.headers.at("content-type"), "application/json");
      }
    }
  }
}

TEST_F(ServeApiTest, BadRequestsAreClearErrors) {
  const std::string actions = "/api/incidents/" + id_ + "/actions";
  EXPECT_EQ(Call("rita", "POST", actions, "{").status, 400);
  EXPECT_EQ(Call("rita", "POST", actions, "[]").status, 400);
  EXPECT_EQ(Call("rita", "POST", actions, R"({"action":7})").status, 400);
  const HttpResult unknown = Call("rita", "POST", actions, R"({"action":"close"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body,
            "{\"error\":\"unknown action 'close'; use acknowledge, resolve, false_positive or "
            "reopen\"}\n");
  EXPECT_EQ(Call("rita", "POST", actions, R"({"action":"resolve","reason":""})").status, 400);
  EXPECT_EQ(Call("rita", "POST", "/api/incidents/" + id_ + "/snooze", R"({"until":"soon"})").status,
            400);
  EXPECT_EQ(Call("rita", "POST", "/api/incidents/" + id_ + "/snooze",
                 R"({"until":"2026-03-05T09:00:00Z","reason":"past"})")
                .status,
            400);
  // Unknown ids, paths and methods.
  EXPECT_EQ(Call("vic", "GET", "/api/incidents/0000000000000000").status, 404);
  EXPECT_EQ(
      Call("rita", "POST", "/api/incidents/0000000000000000/actions", R"({"action":"acknowledge"})")
          .status,
      404);
  EXPECT_EQ(Call("rita", "POST", "/api/incidents/0000000000000000/snooze",
                 R"({"until":"2026-03-06T10:00:00Z","reason":"x"})")
                .status,
            404);
  EXPECT_EQ(Call("vic", "GET", "/api/nothing").status, 404);
  EXPECT_EQ(Call("vic", "DELETE", "/api/incidents").status, 405);
  EXPECT_EQ(Call("rita", "GET", actions).status, 405);
  EXPECT_EQ(Call("rita", "GET", "/api/subject").status, 405);
  EXPECT_EQ(Call("rita", "POST", "/api/subject", "{}").status, 400);
  EXPECT_EQ(Call("rita", "POST", "/api/subject", R"({"subject":""})").status, 400);
  EXPECT_EQ(Call("rita", "POST", "/api/subject", R"({"subject":"s1","tenant":3})").status, 400);
  // Query parameters.
  EXPECT_EQ(Call("vic", "GET", "/api/incidents?limit=0").status, 400);
  EXPECT_EQ(Call("vic", "GET", "/api/incidents?limit=501").status, 400);
  EXPECT_EQ(Call("vic", "GET", "/api/incidents?sort=size").status, 400);
  EXPECT_EQ(Call("vic", "GET", "/api/incidents?colour=red").status, 400);
  // Oversized bodies never reach the handler.
  EXPECT_EQ(Call("rita", "POST", actions, std::string(65 << 10, ' ')).status, 413);
}

TEST_F(ServeApiTest, ListsFilterSortAndPage) {
  const HttpResult all = Call("vic", "GET", "/api/incidents?sort=count");
  EXPECT_TRUE(all.body.starts_with(R"({"total":2,"offset":0,"limit":50,"incidents":[{"id":")"))
      << all.body;
  EXPECT_LT(all.body.find("campaign:spring"), all.body.find("campaign:autumn"));  // 2 before 1
  const HttpResult page = Call("vic", "GET", "/api/incidents?sort=count&limit=1&offset=1");
  EXPECT_NE(page.body.find("campaign:autumn"), std::string::npos);
  EXPECT_EQ(page.body.find("campaign:spring"), std::string::npos);
  EXPECT_TRUE(
      Call("vic", "GET", "/api/incidents?state=resolved").body.starts_with(R"({"total":0,)"));
  EXPECT_TRUE(Call("vic", "GET", "/api/incidents?tenant=acme&detector=consent.missing")
                  .body.starts_with(R"({"total":2,)"));
  EXPECT_EQ(core_->stats().malformed, 1);
}

// A subject's alerts and the consent decisions their evidence quotes: each decision once, oldest
// first, with the alerts quoting it; a retracted alert marked; another tenant's alerts left out
// when a tenant is asked for; the lookup audited with the subject's digest, never its id.
TEST_F(ServeApiTest, SubjectLookupListsTheDecisionsItsAlertsQuote) {
  const std::string grant =
      R"({"event_id":"c-1","recorded_at":"2026-01-02T09:00:00Z","action":"grant"})";
  const std::string withdrawal =
      R"({"event_id":"c-2","recorded_at":"2026-03-02T09:00:00Z","action":"withdraw"})";
  const auto alert = [](std::string id, std::string tenant, int minute, std::string evidence) {
    return TestAlert(std::move(id), "consent.withdrawn", std::move(tenant), "s-42", minute,
                     std::move(evidence));
  };
  Alert late = alert("a-late", "acme", 9, R"({"latest":)" + grant + "}");
  Alert retracted = late;
  retracted.kind = "retraction";
  const std::vector<Alert> alerts = {
      late,
      alert("a-early", "acme", 5,
            R"({"withdrawal":)" + withdrawal + R"(,"grants":[)" + grant + "]}"),
      alert(
          "a-beta", "beta", 7,
          R"({"withdrawal":{"event_id":"c-9","recorded_at":"2026-02-01T00:00:00Z","action":"withdraw"}})"),
      retracted};
  std::vector<InputRecord> records;
  for (size_t i = 0; i < alerts.size(); ++i) {
    records.push_back(
        InputRecord{"alerts", 0, static_cast<int64_t>(10 + i), "", ToJson(alerts[i])});
  }
  ASSERT_TRUE(core_->Ingest(records).ok());

  const HttpResult acme =
      Call("rita", "POST", "/api/subject", R"({"subject":"s-42","tenant":"acme"})");
  ASSERT_EQ(acme.status, 200) << acme.body;
  const std::string expected_head =
      R"({"subject":"s-42","tenant":"acme","alerts_total":2,"alerts_shown":2,"decisions":[)"
      R"({"decision":)" +
      grant +
      R"(,"quoted_by":["a-early","a-late"]},)"
      R"({"decision":)" +
      withdrawal + R"(,"quoted_by":["a-early"]}],"alerts":[{"alert_id":"a-early",)";
  EXPECT_TRUE(acme.body.starts_with(expected_head)) << acme.body;
  EXPECT_NE(acme.body.find(R"("alert_id":"a-late")"), std::string::npos);
  EXPECT_NE(acme.body.find(R"("retracted":true,"decisions":["c-1"]})"), std::string::npos)
      << acme.body;
  EXPECT_NE(acme.body.find(R"("retracted":false,"decisions":["c-2","c-1"]})"), std::string::npos)
      << acme.body;
  EXPECT_EQ(acme.body.find("c-9"), std::string::npos);

  const HttpResult every = Call("ada", "POST", "/api/subject", R"({"subject":"s-42"})");
  EXPECT_NE(every.body.find(R"("alerts_total":3)"), std::string::npos) << every.body;
  EXPECT_NE(every.body.find("c-9"), std::string::npos);
  const HttpResult nobody = Call("rita", "POST", "/api/subject", R"({"subject":"s-4"})");
  EXPECT_NE(nobody.body.find(R"("alerts_total":0,"alerts_shown":0,"decisions":[],"alerts":[])"),
            std::string::npos)
      << nobody.body;

  const std::string audit = core_->AuditExport().value();
  EXPECT_NE(
      audit.find(R"(\"actor\":\"rita\",\"subject_sha256\":\"b222d77b50db0d4254993c5e00415170\")"),
      std::string::npos)
      << audit;
  size_t lookups = 0;
  for (size_t at = audit.find("subject_lookup"); at != std::string::npos;
       at = audit.find("subject_lookup", at + 1)) {
    ++lookups;
  }
  EXPECT_EQ(lookups, 3u);
}

TEST_F(ServeApiTest, EachTokenIsRateLimited) {
  ServeApi slow(*core_, config_, /*rate_per_second=*/1);  // bursts of 2
  HttpRequest request;
  request.method = "GET";
  request.path = request.target = "/api/incidents";
  request.headers["authorization"] = "Bearer vic-token";
  EXPECT_EQ(slow.Handle(request).status, 200);
  EXPECT_EQ(slow.Handle(request).status, 200);
  const HttpResponse limited = slow.Handle(request);
  EXPECT_EQ(limited.status, 429);
  request.headers["authorization"] = "Bearer rita-token";  // another token has its own budget
  EXPECT_EQ(slow.Handle(request).status, 200);
}

}  // namespace
}  // namespace consentry
