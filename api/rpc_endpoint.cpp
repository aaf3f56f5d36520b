#include "api/rpc_endpoint.hpp"

#include "api/auth/acs_signature.hpp"
#include "api/auth/text.hpp"
#include "api/json_text.hpp"
#include "messages/uuid.hpp"

#include <chrono>
#include <random>

namespace broadside::api {

namespace {

using nlohmann::json;
using clock_type = std::chrono::steady_clock;

constexpr const char* host_id = "ecs.aliyuncs.com";

bool is_form(const runtime::http_request& request) {
  const auto* type = request.header("Content-Type");
  return type && lowercase(*type).rfind("application/x-www-form-urlencoded", 0) == 0;
}

std::string error_body(const api_error& e, const std::string& request_id) {
  return json_text(json{{"RequestId", request_id},
                        {"HostId", host_id},
                        {"Code", e.code},
                        {"Message", e.message},
                        {"Recommend", "docs/cloud-assistant-api.md"}});
}

}  // namespace

rpc_endpoint::rpc_endpoint(const credentials& keys, cloud_assistant_api& service,
                           std::function<void(const request_record&)> on_answer,
                           std::function<int64_t()> now_ms)
    : keys_(keys),
      service_(service),
      on_answer_(std::move(on_answer)),
      now_ms_(std::move(now_ms)),
      id_base_(std::random_device{}() | (uint64_t{std::random_device{}()} << 32)) {}

bool rpc_endpoint::is_rpc_request(const runtime::http_request& request) {
  if (request.header("X-Amz-Target"))
    return false;
  if (request.header("x-acs-action"))
    return true;
  auto query = request.target.find('?');
  auto names_action = [](std::string_view text) {
    return text.rfind("Action=", 0) == 0 || text.find("&Action=") != std::string_view::npos;
  };
  return (query != std::string::npos
          && names_action(std::string_view{request.target}.substr(query + 1)))
         || (is_form(request) && names_action(request.body));
}

std::string rpc_endpoint::next_request_id() {
  auto id = to_string(make_uuid_v4(id_base_, ++requests_));
  for (auto& c : id)
    if (c >= 'a' && c <= 'f')
      c = static_cast<char>(c - 'a' + 'A');
  return id;
}

void rpc_endpoint::handle(runtime::http_request request, runtime::http_responder respond) {
  auto started = clock_type::now();
  auto record = std::make_shared<request_record>();
  record->client = request.remote;
  auto answer = [this, respond, record, started, id = next_request_id()](aws_result result) {
    runtime::http_response r;
    r.headers = {{"Content-Type", "application/json;charset=utf-8"}, {"x-acs-request-id", id}};
    if (auto* e = std::get_if<api_error>(&result)) {
      r.status = e->http_status;
      r.body = error_body(*e, id);
      record->error_code = e->code;
    } else {
      auto& doc = std::get<json>(result);
      doc["RequestId"] = id;
      r.body = json_text(doc);
    }
    record->status = r.status;
    record->seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    respond(std::move(r));
    if (on_answer_)
      on_answer_(*record);
  };
  if (request.method != "GET" && request.method != "POST")
    return answer(api_error{"UnsupportedHTTPMethod",
                            "RPC requests are GET or POST, not " + request.method, 405});
  auto parsed = rpc_params::parse(request.target, is_form(request) ? request.body : std::string{});
  if (auto* e = std::get_if<api_error>(&parsed))
    return answer(*e);
  const auto& params = std::get<rpc_params>(parsed);
  const auto* action = params.find("Action");
  if (!action)
    action = request.header("x-acs-action");
  record->operation = action ? *action : std::string{};
  auto now_ms = now_ms_();
  auto verdict = verify_acs_v1(request.method, params, keys_, nonces_, now_ms / 1000);
  if (auto* refused = std::get_if<api_error>(&verdict))
    return answer(*refused);
  if (!action || action->empty())
    return answer(api_error{"MissingParameter.Action",
                            "The input parameter \"Action\" that is mandatory for processing this "
                            "request is not supplied.",
                            400});
  if (const auto* version = params.find("Version");
      version && *version != cloud_assistant_api::version)
    return answer(api_error{"InvalidVersion", "Specified parameter Version is not valid.", 400});
  service_.call(*action, params, now_ms, answer);
}

}  // namespace broadside::api
