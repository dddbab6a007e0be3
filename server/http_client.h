#pragma once
// One HTTP/1.1 POST (Boost.Beast), over plain TCP or TLS (OpenSSL, the system's certificate
// authorities, the host name verified), for the webhook. Blocking, bounded by a timeout.

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace consentry {

struct Url {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query, "/" at least
};
// http:// or https:// URLs; InvalidArgument naming what is wrong.
StatusOr<Url> ParseUrl(std::string_view text);

struct HttpPostResult {
  int status = 0;
  std::string body;  // the first 4 KiB
};

// Unavailable when no answer came (connection, TLS or timeout), naming the cause.
StatusOr<HttpPostResult> HttpPost(const Url& url, const std::map<std::string, std::string>& headers,
                                  std::string_view body, std::chrono::milliseconds timeout);

}  // namespace consentry
