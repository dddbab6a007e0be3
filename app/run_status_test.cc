#include "app/run_status.h"

#include <gtest/gtest.h>

#include <thread>

namespace consentry {
namespace {

HttpRequest Get(std::string path) {
  HttpRequest r;
  r.method = "GET";
  r.target = path;
  r.path = std::move(path);
  return r;
}

TEST(RunStatusTest, ReadyOnlyOnceTheLoopSaysSo) {
  RunStatus status;
  EXPECT_EQ(status.Handle(Get("/healthz")).status, 200);
  HttpResponse ready = status.Handle(Get("/readyz"));
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, "{\"status\":\"not ready\",\"reason\":\"starting\"}\n");
  status.Publish("consentry_held_messages 0\n", "reading 4 partitions to their end");
  EXPECT_EQ(status.Handle(Get("/readyz")).status, 503);
  status.Publish("consentry_held_messages 1\n", "");
  ready = status.Handle(Get("/readyz"));
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "{\"status\":\"ready\"}\n");
  status.Busy("restoring the state of 2 partitions");
  EXPECT_EQ(status.Handle(Get("/readyz")).status, 503);
  const HttpResponse metrics = status.Handle(Get("/metrics"));
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics.body, "consentry_held_messages 1\n");  // Busy keeps the last metrics
}

TEST(RunStatusTest, LoopThatStopsPublishingIsStalled) {
  RunStatus status(std::chrono::seconds(1));
  status.Publish("", "");
  EXPECT_EQ(status.Handle(Get("/healthz")).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const HttpResponse health = status.Handle(Get("/healthz"));
  EXPECT_EQ(health.status, 503);
  EXPECT_NE(health.body.find("\"status\":\"stalled\""), std::string::npos) << health.body;
  EXPECT_EQ(status.Handle(Get("/readyz")).status, 503);
}

TEST(RunStatusTest, UnknownPathsAndMethodsAreJsonErrors) {
  RunStatus status;
  const HttpResponse missing = status.Handle(Get("/admin"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.content_type, "application/json");
  HttpRequest post = Get("/metrics");
  post.method = "POST";
  EXPECT_EQ(status.Handle(post).status, 405);
}

}  // namespace
}  // namespace consentry
