#include "server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "tests/testing/http_client.h"

namespace consentry {
namespace {

using testing::HttpCall;
using testing::HttpGet;

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    auto server = HttpServer::Start(options, [this](const HttpRequest& request) {
      ++requests_;
      if (request.path == "/throw") throw std::runtime_error("boom");
      if (request.path != "/echo") return HttpResponse::Error(404, "no such path");
      std::string body = request.method + " " + request.target + " " + request.body;
      if (auto it = request.headers.find("x-token"); it != request.headers.end()) {
        body += " " + it->second;
      }
      return HttpResponse{200, "text/plain", body};
    });
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    ASSERT_NE(server_->port(), 0);
  }

  std::atomic<int> requests_{0};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, AnswersWithTheHandlersResponse) {
  StartServer();
  auto get = HttpGet("127.0.0.1", server_->port(), "/echo?x=1");
  EXPECT_EQ(get.status, 200) << get.error;
  EXPECT_EQ(get.body, "GET /echo?x=1 ");
  EXPECT_EQ(get.headers["content-type"], "text/plain");
  auto post = HttpCall("127.0.0.1", server_->port(), "POST", "/echo", "{}", {{"X-Token", "t"}});
  EXPECT_EQ(post.body, "POST /echo {} t");
  auto missing = HttpGet("127.0.0.1", server_->port(), "/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "{\"error\":\"no such path\"}\n");
}

TEST_F(HttpServerTest, HandlerThatThrowsIsAnInternalErrorNotACrash) {
  StartServer();
  auto thrown = HttpGet("127.0.0.1", server_->port(), "/throw");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.body, "{\"error\":\"internal error\"}\n");
  EXPECT_EQ(HttpGet("127.0.0.1", server_->port(), "/echo").status, 200);  // still serving
}

TEST_F(HttpServerTest, RequestLargerThanTheLimitIsRefused) {
  StartServer(HttpServerOptions{.max_body_bytes = 100});
  auto big = HttpCall("127.0.0.1", server_->port(), "POST", "/echo", std::string(101, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(requests_, 0);  // the handler never saw it
  auto fits = HttpCall("127.0.0.1", server_->port(), "POST", "/echo", std::string(100, 'x'));
  EXPECT_EQ(fits.status, 200);
}

TEST_F(HttpServerTest, StopClosesTheListener) {
  StartServer();
  const uint16_t port = server_->port();
  server_->Stop();
  server_->Stop();  // idempotent
  auto after = HttpGet("127.0.0.1", port, "/echo");
  EXPECT_EQ(after.status, 0);
  EXPECT_FALSE(after.error.empty());
}

TEST_F(HttpServerTest, PortInUseIsAnErrorNamingTheAddress) {
  StartServer();
  auto second = HttpServer::Start(
      HttpServerOptions{.port = server_->port()},
      [](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("127.0.0.1:" + std::to_string(server_->port())),
            std::string::npos)
      << second.status().ToString();
}

TEST(ParseListenAddressTest, AcceptsAddressAndPortAndNamesWhatIsWrong) {
  HttpServerOptions options;
  ASSERT_TRUE(ParseListenAddress("0.0.0.0:9464", &options).ok());
  EXPECT_EQ(options.address, "0.0.0.0");
  EXPECT_EQ(options.port, 9464);
  ASSERT_TRUE(ParseListenAddress("[::1]:0", &options).ok());
  EXPECT_EQ(options.address, "::1");
  EXPECT_EQ(options.port, 0);
  EXPECT_NE(ParseListenAddress("9464", &options).message().find("not HOST:PORT"),
            std::string::npos);
  EXPECT_NE(ParseListenAddress("127.0.0.1:70000", &options).message().find("'70000'"),
            std::string::npos);
  EXPECT_NE(ParseListenAddress("127.0.0.1:x", &options).message().find("not a port"),
            std::string::npos);
}

}  // namespace
}  // namespace consentry
