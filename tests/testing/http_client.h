#pragma once
// A blocking HTTP/1.1 client for tests (Boost.Beast): one request per connection.

#include <cstdint>
#include <map>
#include <string>

namespace consentry::testing {

struct HttpResult {
  int status = 0;  // 0 when no answer came (the error says why)
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string error;
};

HttpResult HttpCall(const std::string& host, uint16_t port, const std::string& method,
                    const std::string& target, const std::string& body = "",
                    const std::map<std::string, std::string>& headers = {});
inline HttpResult HttpGet(const std::string& host, uint16_t port, const std::string& target) {
  return HttpCall(host, port, "GET", target);
}

}  // namespace consentry::testing
