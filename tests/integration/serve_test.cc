// consentry serve on the real broker: the alerts `run` published, grouped into incidents that
// count every net alert once, over the real HTTP API with its tokens and roles; a reviewer's
// action; an audit log export that verifies offline; and a restart that resumes on its state
// without losing or doubling anything.

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "alerts/audit_store.h"
#include "server/http_server.h"
#include "state/keys.h"
#include "state/store.h"
#include "tests/integration/kafka_fixture.h"
#include "tests/testing/http_client.h"
#include "tests/testing/subprocess.h"

namespace consentry {
namespace {

using testing::HttpCall;
using testing::HttpResult;

// The tokens of this test and their SHA-256 (computed apart from consentry, with Python).
constexpr char kViewer[] = "viewer-token";
constexpr char kReviewer[] = "reviewer-token";
constexpr char kRegulator[] = "regulator-token";

class ServeTest : public KafkaFixture {
 protected:
  std::string WriteServeConfig() {
    const std::string config = WriteConfig(500);
    auto keys = Consentry(
        {"keys", "generate", "--private-out", Path("audit.key"), "--public-out", Path("audit.pub")},
        "keys");
    EXPECT_EQ(keys.exit_code, 0) << keys.err;
    std::ofstream out(config, std::ios::app);
    out << "serve:\n  listen: 127.0.0.1:0\n  state_dir: " << Path("serve") << "\n"
        << "  group_id: " << name_ << "-serve\n  audit_key: " << Path("audit.key") << "\n"
        << "  tokens:\n"
        << "    - {name: vic, role: viewer, sha256: "
           "d036bd6d01a1cae081d39a2f8dab751dc042de814fd60df31fcb553170950f29}\n"
        << "    - {name: rita, role: reviewer, sha256: "
           "51054e2f36caa0059338267be9fda5d72a7bb3b3cf107bbda8217b03492851e7}\n"
        << "    - {name: reg, role: regulator, sha256: "
           "e3841ee2b8fe9e838c75513547fb2b4627dd31de5fd9001adbcba56ace7a0850}\n";
    return config;
  }
  HttpResult Call(const char* token, const std::string& method, const std::string& target,
                  const std::string& body = "") {
    std::map<std::string, std::string> headers;
    if (token != nullptr) headers["Authorization"] = std::string("Bearer ") + token;
    return HttpCall("127.0.0.1", port_, method, target, body, headers);
  }
  // Starts serve and waits until it has read the alerts topic to its end.
  std::unique_ptr<testing::Process> StartServe(const std::string& config, const std::string& log) {
    auto serve = std::make_unique<testing::Process>(
        std::vector<std::string>{CONSENTRY_BIN, "serve", "--config", config}, Path(log));
    port_ = WaitForServedPort(Path(log + ".err"));
    EXPECT_NE(port_, 0) << testing::ReadFile(Path(log + ".err"));
    int ready = 0;
    for (int i = 0; i < 600 && ready != 200 && port_ != 0; ++i) {
      ready = Call(nullptr, "GET", "/readyz").status;
      if (ready != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(ready, 200);
    return serve;
  }
  // Sum of the incidents' counts and the incidents' ids, over every page.
  std::pair<int64_t, std::vector<std::string>> Totals() {
    int64_t count = 0;
    std::vector<std::string> ids;
    for (size_t offset = 0;; offset += 500) {
      const HttpResult page =
          Call(kViewer, "GET", "/api/incidents?limit=500&offset=" + std::to_string(offset));
      EXPECT_EQ(page.status, 200) << page.body;
      size_t at = 0, found = 0;
      while ((at = page.body.find("\"id\":\"", at)) != std::string::npos) {
        at += 6;
        ids.push_back(page.body.substr(at, page.body.find('"', at) - at));
        const size_t c = page.body.find("\"count\":", at);
        count += std::atoll(page.body.c_str() + c + 8);
        ++found;
      }
      if (found < 500) break;
    }
    return {count, ids};
  }

  // `run` judges generated traffic of `subjects` subjects into the alerts topic.
  void PublishAlerts(const std::string& config, int subjects) {
    GenOptions options;
    options.subjects = subjects;
    options.sender_scenarios = 0;
    ASSERT_NO_FATAL_FAILURE(Prepare(options, config));
    auto run = Consentry({"run", "--config", config, "--until-idle", "3"}, "run");
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  uint16_t port_ = 0;
};

TEST_F(ServeTest, IncidentsCountEveryNetAlertOnceAcrossARestart) {
  const std::string config = WriteServeConfig();
  ASSERT_NO_FATAL_FAILURE(PublishAlerts(config, 300));
  const size_t net = NetAlertIdsOnTopic().size();
  const size_t records = ReadValues(Topic("alerts")).size();
  ASSERT_GT(net, 0u);

  auto serve = StartServe(config, "serve");
  const auto [count, ids] = Totals();
  EXPECT_EQ(count, static_cast<int64_t>(net));
  ASSERT_FALSE(ids.empty());

  // Tokens and roles.
  EXPECT_EQ(Call(nullptr, "GET", "/api/incidents").status, 401);
  EXPECT_EQ(Call("guess", "GET", "/api/incidents").status, 401);
  const std::string actions = "/api/incidents/" + ids[0] + "/actions";
  EXPECT_EQ(Call(kViewer, "POST", actions, R"({"action":"acknowledge"})").status, 403);
  EXPECT_EQ(Call(kRegulator, "GET", "/api/incidents").status, 403);
  EXPECT_EQ(Call(kViewer, "GET", "/api/audit").status, 403);
  EXPECT_EQ(Call(kViewer, "GET", "/api/incidents?state=closed").status, 400);

  // One incident, with its alerts as received.
  const HttpResult one = Call(kViewer, "GET", "/api/incidents/" + ids[0]);
  EXPECT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("\"alerts\":[{\"schema\":\"alert.v1\""), std::string::npos) << one.body;
  EXPECT_EQ(Call(kViewer, "GET", "/api/incidents/nope").status, 404);

  // A reviewer's actions: a reason is required to resolve; acknowledging twice is a conflict.
  const HttpResult no_reason = Call(kReviewer, "POST", actions, R"({"action":"resolve"})");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.body, "{\"error\":\"resolve needs a reason\"}\n");
  const HttpResult ack = Call(kReviewer, "POST", actions, R"({"action":"acknowledge"})");
  EXPECT_EQ(ack.status, 200) << ack.body;
  EXPECT_NE(ack.body.find("\"state\":\"acknowledged\""), std::string::npos);
  EXPECT_EQ(Call(kReviewer, "POST", actions, R"({"action":"acknowledge"})").status, 409);

  // The audit log: every alert record received and the action, verified offline.
  const HttpResult audit = Call(kRegulator, "GET", "/api/audit");
  ASSERT_EQ(audit.status, 200);
  std::ofstream(Path("audit.jsonl")) << audit.body;
  auto verify = Consentry(
      {"audit", "verify", "--input", Path("audit.jsonl"), "--public-key", Path("audit.pub")},
      "verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("OK, " + std::to_string(records + 1) + " entries"), std::string::npos)
      << verify.out;

  // Restarted on its state: nothing read twice, the action kept.
  serve->Kill(SIGTERM);
  EXPECT_EQ(serve->Wait(std::chrono::seconds(30)).exit_code, 0);
  serve = StartServe(config, "serve2");
  const auto [count_after, ids_after] = Totals();
  EXPECT_EQ(count_after, static_cast<int64_t>(net));
  EXPECT_EQ(ids_after.size(), ids.size());
  EXPECT_NE(
      Call(kViewer, "GET", "/api/incidents/" + ids[0]).body.find("\"state\":\"acknowledged\""),
      std::string::npos);
  const HttpResult audit_after = Call(kRegulator, "GET", "/api/audit");
  std::ofstream(Path("audit2.jsonl")) << audit_after.body;
  auto verify_after = Consentry(
      {"audit", "verify", "--input", Path("audit2.jsonl"), "--public-key", Path("audit.pub")},
      "verify2");
  EXPECT_NE(verify_after.out.find("OK, " + std::to_string(records + 1) + " entries"),
            std::string::npos)
      << verify_after.out << verify_after.err;

  // The regulator report from the stats topic and serve's store, read while serve runs: every
  // net message-level alert, the incidents and the one acknowledgement with its time.
  auto report = Consentry({"report", "--config", config, "--from", "2020-01-01", "--to",
                           "2030-12-31", "--min-cell", "1", "--format", "json", "--incidents",
                           Path("serve"), "--signing-key", Path("audit.key"), "--out",
                           Path("report")},
                          "report");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string report_json = testing::ReadFile(Path("report/report.json"));
  EXPECT_NE(report_json.find("\"violations\":" +
                             std::to_string(NetAlertIdsOnTopic(/*with_windows=*/false).size()) +
                             ","),
            std::string::npos)
      << report_json.substr(0, 600);
  const size_t handling = report_json.find("\"incident_handling\":{\"incidents\":");
  ASSERT_NE(handling, std::string::npos) << report_json;
  const int64_t reported_incidents = std::atoll(report_json.c_str() + handling + 33);
  EXPECT_GE(reported_incidents, 1);
  EXPECT_LE(reported_incidents, static_cast<int64_t>(ids.size()));
  EXPECT_NE(report_json.find("\"acknowledged\":1,", handling), std::string::npos)
      << report_json.substr(handling, 300);
  EXPECT_NE(report_json.find("\"median_to_acknowledge\":\"", handling), std::string::npos)
      << report_json.substr(handling, 300);

  // A subject's consent decisions as its alerts quote them: the subject of the first
  // consent.withdrawn alert. Its alerts are counted on the topic and its decisions read from the
  // generated traffic, apart from serve.
  std::string subject, tenant;
  for (const auto& v : ReadValues(Topic("alerts"))) {
    if (Field(v, "detector") == "consent.withdrawn" && Field(v, "kind") == "alert") {
      subject = Field(v, "subject");
      tenant = Field(v, "tenant");
      break;
    }
  }
  ASSERT_FALSE(subject.empty()) << "the traffic has no consent.withdrawn alert";
  std::set<std::string> subject_alerts, subject_decisions;
  for (const auto& v : ReadValues(Topic("alerts"))) {
    if (Field(v, "subject") == subject && Field(v, "tenant") == tenant &&
        Field(v, "kind") == "alert") {
      subject_alerts.insert(Field(v, "alert_id"));
    }
  }
  // A decision is a consent.v1 record, or a STOP reply or unsubscribe click (feedback.v1) that
  // the ledger records as a withdrawal.
  for (const auto& line : testing::ReadLines(Path("traffic.jsonl"))) {
    const std::string schema = Field(line, "schema");
    if ((schema == "consent.v1" || schema == "feedback.v1") && Field(line, "subject") == subject) {
      subject_decisions.insert(Field(line, "event_id"));
    }
  }
  const std::string lookup_body =
      R"({"subject":")" + subject + R"(","tenant":")" + tenant + R"("})";
  EXPECT_EQ(Call(kViewer, "POST", "/api/subject", lookup_body).status, 403);
  const HttpResult lookup = Call(kReviewer, "POST", "/api/subject", lookup_body);
  ASSERT_EQ(lookup.status, 200) << lookup.body;
  EXPECT_NE(lookup.body.find(R"("alerts_total":)" + std::to_string(subject_alerts.size()) + ","),
            std::string::npos)
      << lookup.body;
  size_t quoted = 0;
  for (size_t at = lookup.body.find(R"("decision":{"event_id":")"); at != std::string::npos;
       at = lookup.body.find(R"("decision":{"event_id":")", at + 1)) {
    const std::string id = Field(lookup.body.substr(at + 12), "event_id");
    EXPECT_TRUE(subject_decisions.contains(id)) << id << " is not a decision of the subject";
    ++quoted;
  }
  EXPECT_GE(quoted, 1u) << lookup.body;
  EXPECT_NE(lookup.body.find(R"("action":"withdraw")"), std::string::npos) << lookup.body;
  serve->Kill(SIGTERM);
  EXPECT_EQ(serve->Wait(std::chrono::seconds(30)).exit_code, 0);

  // Someone with access to serve's store edits one stored entry (the 5th alert record received)
  // in place: the next export no longer verifies, and the check names that entry.
  {
    auto store = Store::Open(Path("serve"), StoreOptions{});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::optional<std::string> stored;
    ASSERT_TRUE((*store)->Get(Family::kAudit, AuditEntryKey(5), &stored).ok());
    ASSERT_TRUE(stored.has_value());
    AuditEntry entry = DecodeAuditEntry(*stored).value();
    entry.payload.replace(entry.payload.find("\"severity\":\""), 12, "\"severity\":\"x");
    StoreBatch edit;
    edit.Put(Family::kAudit, AuditEntryKey(5), EncodeAuditEntry(entry));
    ASSERT_TRUE((*store)->Write(edit).ok());
  }
  serve = StartServe(config, "serve3");
  std::ofstream(Path("audit3.jsonl")) << Call(kRegulator, "GET", "/api/audit").body;
  auto tampered = Consentry(
      {"audit", "verify", "--input", Path("audit3.jsonl"), "--public-key", Path("audit.pub")},
      "verify3");
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(
      tampered.err.find(Path("audit3.jsonl") + ":5: entry 5: its hash does not match its "
                                               "content (the 4 entries before it are intact)"),
      std::string::npos)
      << tampered.err;
  serve->Kill(SIGTERM);
  EXPECT_EQ(serve->Wait(std::chrono::seconds(30)).exit_code, 0);
}

TEST_F(ServeTest, WebhookDeliversSignedNoticesAndRetriesFailuresAcrossARestart) {
  // The operations endpoint: down (503) until told otherwise; keeps what it got.
  std::mutex mu;
  std::vector<HttpRequest> received;
  std::vector<int> answers;
  bool down = true;
  auto receiver = HttpServer::Start({}, [&](const HttpRequest& r) {
    std::lock_guard lock(mu);
    received.push_back(r);
    answers.push_back(down ? 503 : 204);
    return HttpResponse{answers.back(), "text/plain", ""};
  });
  ASSERT_TRUE(receiver.ok());
  const std::string secret_key = "operations-secret";  // "whsec_" + base64 of these bytes:
  std::string config = WriteServeConfig();
  std::ofstream(config, std::ios::app)
      << "  webhook:\n    url: http://127.0.0.1:" << (*receiver)->port() << "/hooks/consentry\n"
      << "    secret: whsec_b3BlcmF0aW9ucy1zZWNyZXQ=\n";
  ASSERT_NO_FATAL_FAILURE(PublishAlerts(config, 100));
  auto serve = StartServe(config, "serve");
  const auto [count, ids] = Totals();
  ASSERT_FALSE(ids.empty());
  // Refused attempts, then serve stops with messages still in its outbox.
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(mu);
    if (received.size() >= 3) break;
  }
  serve->Kill(SIGTERM);
  EXPECT_EQ(serve->Wait(std::chrono::seconds(30)).exit_code, 0);
  size_t refused = 0;
  {
    std::lock_guard lock(mu);
    refused = received.size();
    down = false;
  }
  ASSERT_GE(refused, 3u);
  // Restarted, serve delivers every incident's "opened" notice (retries back off from 1 s).
  serve = StartServe(config, "serve2");
  std::set<std::string> opened;
  for (int i = 0; i < 400 && opened.size() < ids.size(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(mu);
    opened.clear();
    for (size_t k = 0; k < received.size(); ++k) {
      if (answers[k] == 204 && received[k].body.starts_with(R"({"type":"incident.opened")")) {
        opened.insert(Field(received[k].body, "id"));
      }
    }
  }
  EXPECT_EQ(opened, std::set<std::string>(ids.begin(), ids.end()));
  std::lock_guard lock(mu);
  EXPECT_EQ(received[0].target, "/hooks/consentry");
  std::set<std::string> delivered_ids;
  for (size_t k = 0; k < received.size(); ++k) {
    const HttpRequest& r = received[k];
    // Standard Webhooks: HMAC-SHA256 of "id.timestamp.body", computed here with OpenSSL.
    const std::string id = r.headers.at("webhook-id");
    const std::string content = id + "." + r.headers.at("webhook-timestamp") + "." + r.body;
    unsigned char mac[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret_key.data(), static_cast<int>(secret_key.size()),
         reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &len);
    unsigned char b64[64];
    EVP_EncodeBlock(b64, mac, 32);
    EXPECT_EQ(r.headers.at("webhook-signature"), "v1," + std::string(reinterpret_cast<char*>(b64)))
        << id;
    EXPECT_NE(r.body.find(R"("text":"consentry: incident )"), std::string::npos);
    if (answers[k] == 204) {
      EXPECT_TRUE(delivered_ids.insert(id).second) << id << " twice";
    }
  }
  // Every refused message came again, with the same id, and got through.
  for (size_t k = 0; k < refused; ++k) {
    EXPECT_TRUE(delivered_ids.contains(received[k].headers.at("webhook-id")))
        << received[k].headers.at("webhook-id");
  }
  // /metrics: the webhook's figures and the requests by route.
  const HttpResult metrics = Call(nullptr, "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("consentry_serve_webhook_delivered_total "), std::string::npos)
      << metrics.body;
  std::ofstream(Path("metrics.txt")) << metrics.body;
  auto parsed = testing::RunProcess(
      {"/usr/bin/python3", std::string(CONSENTRY_SOURCE_DIR) + "/tests/metrics/check_metrics.py",
       Path("metrics.txt"), "consentry_serve_incidents", "consentry_serve_webhook_outbox",
       "consentry_serve_webhook_failures", "consentry_serve_http_requests"},
      Path("parse"));
  EXPECT_EQ(parsed.exit_code, 0) << parsed.out << parsed.err;
  EXPECT_NE(
      metrics.body.find("consentry_serve_http_requests_total{route=\"/readyz\",code=\"200\"}"),
      std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("consentry_serve_incidents{state=\"open\"} " +
                              std::to_string(ids.size()) + "\n"),
            std::string::npos)
      << metrics.body;
  serve->Kill(SIGTERM);
  EXPECT_EQ(serve->Wait(std::chrono::seconds(30)).exit_code, 0);
}

TEST_F(ServeTest, TenThousandBadMessagesOfOneCampaignAreOneIncidentAndFewWebhookCalls) {
  std::mutex mu;
  std::vector<std::string> bodies;
  auto receiver = HttpServer::Start({}, [&](const HttpRequest& r) {
    std::lock_guard lock(mu);
    bodies.push_back(r.body);
    return HttpResponse{204, "text/plain", ""};
  });
  ASSERT_TRUE(receiver.ok());
  std::string config = WriteServeConfig();
  std::ofstream(config, std::ios::app)
      << "  webhook:\n    url: http://127.0.0.1:" << (*receiver)->port() << "/\n"
      << "    secret: whsec_b3BlcmF0aW9ucy1zZWNyZXQ=\n";
  // One declared email campaign to 10,000 people in Germany, none of whom consented, sent over
  // 50 minutes.
  {
    std::ofstream out(Path("blast.jsonl"));
    out << R"({"schema":"campaign.v1","campaign_id":"blast","tenant":"acme",)"
        << R"("declared_purposes":["marketing.communications.email"],"channels":["email"],)"
        << R"("valid_from":"2026-01-01T00:00:00Z","owner":"marketing"})"
        << "\n";
    for (int i = 0; i < 10000; ++i) {
      out << R"({"schema":"outbound.v1","event_id":"blast-)" << i << R"(","sent_at":")"
          << FormatRfc3339(ParseRfc3339("2026-03-05T10:00:00Z").value() +
                           std::chrono::milliseconds(300 * i))
          << R"(","tenant":"acme","subject":"person-)" << i
          << R"(","channel":"email","purpose":"marketing.communications.email",)"
          << R"("sender_id":"crm","campaign_id":"blast","jurisdiction":"DE",)"
          << R"("content":{"template_id":"spring","has_unsubscribe":true,"ai_generated":false}})"
          << "\n";
    }
  }
  ASSERT_EQ(Consentry({"topics", "create", "--config", config}, "topics").exit_code, 0);
  auto produce =
      Consentry({"produce", "--config", config, "--input", Path("blast.jsonl")}, "produce");
  ASSERT_EQ(produce.exit_code, 0) << produce.err;
  auto run = Consentry({"run", "--config", config, "--until-idle", "3"}, "run");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto serve = StartServe(config, "serve");
  const HttpResult page = Call(kViewer, "GET", "/api/incidents?detector=consent.missing");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(page.body.starts_with(R"({"total":1,)")) << page.body.substr(0, 400);
  EXPECT_NE(page.body.find(R"("key":"consent.missing|acme|campaign:blast")"), std::string::npos);
  EXPECT_NE(page.body.find(R"("count":10000,"affected_subjects":10000,)"), std::string::npos)
      << page.body.substr(0, 600);
  const std::string id = Field(page.body, "id");
  // Opened, then escalated at 100, 1,000 and 10,000 alerts: four calls, not 10,000.
  std::vector<std::string> about;
  for (int i = 0; i < 100 && about.size() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(mu);
    about.clear();
    for (const auto& b : bodies) {
      if (b.find(R"("data":{"id":")" + id + "\"") != std::string::npos)
        about.push_back(Field(b, "type"));
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // nothing more comes
  std::lock_guard lock(mu);
  size_t calls = 0;
  for (const auto& b : bodies)
    calls += b.find(R"("data":{"id":")" + id + "\"") != std::string::npos;
  EXPECT_EQ(calls, 4u);
  EXPECT_EQ(about, (std::vector<std::string>{"incident.opened", "incident.escalated",
                                             "incident.escalated", "incident.escalated"}));
  serve->Kill(SIGTERM);
  EXPECT_EQ(serve->Wait(std::chrono::seconds(30)).exit_code, 0);
}

TEST_F(ServeTest, ReviewPageWorksInARealBrowser) {
  const std::string config = WriteServeConfig();
  ASSERT_NO_FATAL_FAILURE(PublishAlerts(config, 200));
  auto serve = StartServe(config, "serve");
  const HttpResult open = Call(kViewer, "GET", "/api/incidents?state=open&limit=1");
  ASSERT_EQ(open.status, 200);
  const std::string total = open.body.substr(9, open.body.find(',') - 9);  // {"total":N,
  ASSERT_NE(total, "0");
  // The page itself is served without a token; its data only with one.
  const HttpResult page = Call(nullptr, "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers.at("content-type"), "text/html; charset=utf-8");
  // Screenshots of the list and of an incident are kept in the build's artifacts/.
  std::filesystem::create_directories(CONSENTRY_ARTIFACT_DIR);
  auto browser = testing::RunProcess(
      {CONSENTRY_NODE, std::string(CONSENTRY_SOURCE_DIR) + "/tests/browser/review_page.mjs",
       "http://127.0.0.1:" + std::to_string(port_), kReviewer, total,
       std::string(CONSENTRY_ARTIFACT_DIR) + "/review-page"},
      Path("browser"), std::chrono::seconds(120));
  EXPECT_EQ(browser.exit_code, 0) << browser.err << browser.out;
  // The browser's decision reached the store and the audit log.
  const HttpResult decided = Call(kViewer, "GET", "/api/incidents?state=false_positive");
  EXPECT_NE(decided.body.find("\"total\":1,"), std::string::npos) << decided.body;
  EXPECT_NE(decided.body.find("\"state_reason\":\"consent was given on paper; receipt 4411\""),
            std::string::npos)
      << decided.body;
  const std::string audit = Call(kRegulator, "GET", "/api/audit").body;
  EXPECT_NE(audit.find(R"(\"action\":\"false_positive\",\"reason\":\"consent was given on paper; )"
                       R"(receipt 4411\",\"actor\":\"rita\")"),
            std::string::npos);
  serve->Kill(SIGTERM);
  EXPECT_EQ(serve->Wait(std::chrono::seconds(30)).exit_code, 0);
}

}  // namespace
}  // namespace consentry
