#pragma once

// The AWS JSON 1.1 protocol as the API layer's services see it: an operation
// name (from `X-Amz-Target: <prefix>.<Operation>`) and its input document in,
// an output document or an error out. HTTP, SigV4 and the error body
// (`{"__type": ..., "message": ...}`) are the server's business. Alibaba's RPC
// services (api/cloud_assistant_api.hpp) answer with the same types.

#include "api/api_error.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace broadside::api {

// An output document already written as JSON text (api/json_text.hpp).
struct json_output_text {
  std::string text;
};

// An output document; `nullptr` for operations with no output shape, answered
// with an empty body (PutJobSuccessResult, PutJobFailureResult).
using aws_result = std::variant<nlohmann::json, api_error, json_output_text>;

// Called exactly once, from any thread.
using aws_reply = std::function<void(aws_result)>;

// A request body as the services' input: a JSON object (an empty body is an
// empty one); nothing if the body is not one (SerializationException).
inline std::optional<nlohmann::json> input_document(std::string_view body) {
  if (body.empty())
    return nlohmann::json::object();
  auto input = nlohmann::json::parse(body, nullptr, false);
  if (input.is_discarded() || !input.is_object())
    return std::nullopt;
  return input;
}

// One service behind one X-Amz-Target prefix.
class aws_json_service {
 public:
  virtual ~aws_json_service() = default;
  virtual std::string_view target_prefix() const = 0;  // "AmazonSSM", "CodePipeline_20150709"
  // An operation the service does not have is answered with
  // UnknownOperationException; `input` is a JSON object.
  virtual void call(std::string_view operation, const nlohmann::json& input, aws_reply reply) = 0;
};

}  // namespace broadside::api
