#include "api/aws_json_endpoint.hpp"

#include "api/auth/sigv4.hpp"
#include "api/json_text.hpp"
#include "messages/uuid.hpp"

#include <chrono>
#include <random>

namespace broadside::api {

namespace {

using nlohmann::json;
using clock_type = std::chrono::steady_clock;

constexpr const char* json_content_type = "application/x-amz-json-1.1";

std::string error_body(const api_error& e) {
  return json_text(json{{"__type", e.code}, {"message", e.message}});
}

}  // namespace

aws_json_endpoint::aws_json_endpoint(const credentials& keys,
                                     std::vector<aws_json_service*> services,
                                     std::function<void(const request_record&)> on_answer,
                                     std::function<int64_t()> now_s)
    : keys_(keys),
      services_(std::move(services)),
      on_answer_(std::move(on_answer)),
      now_s_(std::move(now_s)),
      id_base_(std::random_device{}() | (uint64_t{std::random_device{}()} << 32)) {}

std::string aws_json_endpoint::next_request_id() {
  return to_string(make_uuid_v4(id_base_, ++requests_));
}

void aws_json_endpoint::handle(runtime::http_request request, runtime::http_responder respond) {
  auto started = clock_type::now();
  auto record = std::make_shared<request_record>();
  record->client = request.remote;
  auto answer = [this, respond, record, started, id = next_request_id()](aws_result result) {
    runtime::http_response r;
    r.headers = {{"Content-Type", json_content_type}, {"x-amzn-RequestId", id}};
    if (auto* e = std::get_if<api_error>(&result)) {
      r.status = e->http_status;
      r.body = error_body(*e);
      record->error_code = e->code;
    } else if (auto* text = std::get_if<json_output_text>(&result)) {
      r.body = std::move(text->text);
    } else if (auto& doc = std::get<json>(result); !doc.is_null()) {
      r.body = json_text(doc);
    }
    record->status = r.status;
    record->seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    respond(std::move(r));
    if (on_answer_)
      on_answer_(*record);
  };
  if (request.method != "POST" || request.target != "/")
    return answer(api_error{"UnknownOperationException",
                            "AWS JSON requests are POST / with an X-Amz-Target header", 404});
  auto signed_by = verify_sigv4({request.method, request.target, request.headers, request.body},
                                keys_, now_s_());
  if (auto* refused = std::get_if<api_error>(&signed_by))
    return answer(*refused);
  const auto* target = request.header("X-Amz-Target");
  auto dot = target ? target->rfind('.') : std::string::npos;
  if (dot == std::string::npos)
    return answer(api_error{"UnknownOperationException", "Missing or malformed X-Amz-Target"});
  auto prefix = std::string_view{*target}.substr(0, dot);
  record->operation = target->substr(dot + 1);
  aws_json_service* service = nullptr;
  for (auto* s : services_)
    if (s->target_prefix() == prefix)
      service = s;
  if (!service)
    return answer(api_error{"UnknownOperationException", "Unknown operation " + *target});
  auto input = input_document(request.body);
  if (!input)
    return answer(api_error{"SerializationException", "The request body is not a JSON object"});
  service->call(record->operation, *input, answer);
}

}  // namespace broadside::api
