#include "server/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <exception>

#include "core/json_writer.h"

namespace consentry {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

HttpRequest ToRequest(const http::request<http::string_body>& in) {
  HttpRequest out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  out.path = out.target.substr(0, out.target.find('?'));
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = in.body();
  return out;
}

// One connection: read a request, answer it, again while the client keeps it alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpServerOptions& options, const HttpServer::Handler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(static_cast<uint32_t>(options_.max_header_bytes));
    stream_.expires_after(options_.idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      Write(HttpResponse::Error(413, "the request is larger than this server accepts"), false);
      return;
    }
    if (ec) return Close();  // the client left, timed out or sent something that is not HTTP
    const http::request<http::string_body>& request = parser_->get();
    HttpResponse response;
    try {
      response = handler_(ToRequest(request));
    } catch (const std::exception&) {
      response = HttpResponse::Error(500, "internal error");
    }
    Write(std::move(response), request.keep_alive());
  }

  void Write(HttpResponse response, bool keep_alive) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(response.status));
    out->set(http::field::server, "consentry");
    out->set(http::field::content_type, response.content_type);
    out->set(http::field::cache_control, "no-store");
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    stream_.expires_after(options_.idle_timeout);
    http::async_write(stream_, *out,
                      [self = shared_from_this(), out, keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpServerOptions& options_;
  const HttpServer::Handler& handler_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, Handler h)
      : options(std::move(o)), handler(std::move(h)), acceptor(asio::make_strand(io)) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) std::make_shared<Session>(std::move(socket), options, handler)->Read();
      Accept();
    });
  }

  HttpServerOptions options;
  Handler handler;
  asio::io_context io{1};
  tcp::acceptor acceptor;
};

HttpResponse HttpResponse::Error(int status, std::string_view message) {
  JsonWriter json;
  json.BeginObject();
  json.Key("error").String(message);
  json.EndObject();
  return HttpResponse{status, "application/json", json.Take() + "\n"};
}

StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                        Handler handler) {
  std::unique_ptr<HttpServer> server(new HttpServer());
  server->impl_ = std::make_unique<Impl>(std::move(options), std::move(handler));
  Impl& impl = *server->impl_;
  const std::string where = impl.options.address + ":" + std::to_string(impl.options.port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl.options.address, ec);
  if (ec) return InvalidArgument("http: '" + impl.options.address + "' is not an IP address");
  const tcp::endpoint endpoint(address, impl.options.port);
  if (impl.acceptor.open(endpoint.protocol(), ec); !ec) {
    impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) impl.acceptor.bind(endpoint, ec);
  if (!ec) impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Unavailable("http: cannot listen on " + where + ": " + ec.message());
  server->port_ = impl.acceptor.local_endpoint().port();
  impl.Accept();
  server->thread_ = std::thread([&impl] { impl.io.run(); });
  return server;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Stop() {
  if (!thread_.joinable()) return;
  impl_->io.stop();
  thread_.join();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

Status ParseListenAddress(std::string_view text, HttpServerOptions* options) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return InvalidArgument("'" + std::string(text) +
                           "' is not HOST:PORT (for example 127.0.0.1:9464, or port 0 for any)");
  }
  const std::string_view port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return InvalidArgument("'" + std::string(port) + "' in '" + std::string(text) +
                           "' is not a port (0 to 65535)");
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // [::1]:9464
  }
  options->address = std::string(host);
  options->port = static_cast<uint16_t>(value);
  return Status::Ok();
}

}  // namespace consentry
