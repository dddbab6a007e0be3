#pragma once
// A small HTTP/1.1 server (Boost.Beast over Asio) for consentry's endpoints: `/healthz`,
// `/readyz` and `/metrics` of `run`, and, later, the API of `serve`. It listens on one address,
// serves every connection on one background thread, and hands each request to one handler.
//
// Limits every server of ours needs: a request whose head or body is larger than the limits is
// answered 413 and its connection closed; a connection idle or slow for `idle_timeout` is
// closed; an exception thrown by the handler is a 500 with a JSON error, never a crash.
//
// Thread safety: Start and Stop from one thread; the handler runs on the server's thread and
// must be safe against whatever thread updates the data it serves.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "core/status.h"

namespace consentry {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // the path with its query string, as sent
  std::string path;    // the target without the query string
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;

  // {"error": message} with `status`.
  static HttpResponse Error(int status, std::string_view message);
};

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0: a free port chosen by the system (see HttpServer::port)
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::seconds idle_timeout{30};
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // Binds and starts serving. Unavailable when the address cannot be bound (names it).
  static StatusOr<std::unique_ptr<HttpServer>> Start(HttpServerOptions options, Handler handler);
  ~HttpServer();  // stops

  // The port bound (the one chosen when the options said 0).
  uint16_t port() const { return port_; }
  // Closes the listener and every connection and joins the thread. Idempotent.
  void Stop();

 private:
  struct Impl;
  HttpServer() = default;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  uint16_t port_ = 0;
};

// "ADDRESS:PORT" (an IP address, IPv6 in brackets, and a port, 0 for any free one) into the
// options' address and port; InvalidArgument naming what is wrong. Start checks the address.
Status ParseListenAddress(std::string_view text, HttpServerOptions* options);

}  // namespace consentry
