#include "server/http_client.h"

#include <gtest/gtest.h>

#include "server/http_server.h"

namespace consentry {
namespace {

TEST(HttpClientTest, PostsToARealServerAndReportsItsStatus) {
  HttpRequest seen;
  auto server = HttpServer::Start({}, [&](const HttpRequest& r) {
    seen = r;
    return HttpResponse{r.body == "fail" ? 500 : 204, "text/plain", ""};
  });
  ASSERT_TRUE(server.ok());
  auto url = ParseUrl("http://127.0.0.1:" + std::to_string((*server)->port()) + "/hook?x=1");
  ASSERT_TRUE(url.ok());
  auto ok = HttpPost(*url, {{"webhook-id", "msg_1"}}, "{}", std::chrono::seconds(5));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->status, 204);
  EXPECT_EQ(seen.target, "/hook?x=1");
  EXPECT_EQ(seen.headers["webhook-id"], "msg_1");
  EXPECT_EQ(HttpPost(*url, {}, "fail", std::chrono::seconds(5))->status, 500);
  const uint16_t port = (*server)->port();
  (*server)->Stop();
  auto down = HttpPost(*ParseUrl("http://127.0.0.1:" + std::to_string(port) + "/"), {}, "",
                       std::chrono::seconds(5));
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
}

TEST(HttpClientTest, UrlsAreCheckedAndDefaultTheirPort) {
  auto https = ParseUrl("https://hooks.example.com/services/T0/B0");
  ASSERT_TRUE(https.ok());
  EXPECT_TRUE(https->tls);
  EXPECT_EQ(https->port, "443");
  EXPECT_EQ(https->target, "/services/T0/B0");
  EXPECT_EQ(ParseUrl("http://h").value().target, "/");
  EXPECT_FALSE(ParseUrl("ftp://h/").ok());
  EXPECT_FALSE(ParseUrl("http://h:x/").ok());
  EXPECT_FALSE(ParseUrl("http:///").ok());
}

}  // namespace
}  // namespace consentry
