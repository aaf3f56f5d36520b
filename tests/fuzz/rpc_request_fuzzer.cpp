// Alibaba Cloud RPC requests (api/rpc_query.hpp, api/auth/acs_signature.hpp)
// on any bytes: the first line is the request-target, the rest a form body.
// Parsing gives parameters or an error; every parameter is found again by its
// name; lists read or refuse; the signature check answers without throwing.
// Then the parameters as their Action reads them (api/cloud_assistant_request,
// cloud_assistant_send_file, cloud_assistant_queries): nothing throws, a
// refusal is the client's error, a command made of them names its instances
// one way, and pages and instance lists keep their limits.

#include "api/auth/acs_signature.hpp"
#include "api/auth/credentials.hpp"
#include "api/cloud_assistant_queries.hpp"
#include "api/cloud_assistant_request.hpp"
#include "api/cloud_assistant_send_file.hpp"
#include "api/rpc_query.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace broadside;
using namespace broadside::api;
using fuzz::accepted;
using fuzz::check;

// 2026-11-23T00:00:00Z: at and cron expressions must fire after it.
constexpr int64_t now_ms = 1'795'392'000'000;

void check_request(const request_or_error& read) {
  if (const auto* r = accepted(read)) {
    check(r->instance_ids.empty() != r->targets.empty());
    check(r->instance_ids.size() <= max_invocation_instances);
    check(!r->commands.empty());
  }
}

void read_operation(const rpc_params& p) {
  const auto* action = p.find("Action");
  if (!action)
    return;
  auto id = make_uuid_v4(1, 2);
  if (*action == "SendFile") {
    check_request(send_file_request(p, id));
    return;
  }
  if (*action == "DescribeInvocations" || *action == "DescribeInvocationResults") {
    auto read = read_describe(p);
    if (const auto* d = accepted(read))
      check(d->query.max_results >= 1 && d->query.max_results <= 50);
    return;
  }
  if (*action == "DescribeSendFileResults") {
    auto read = read_send_file_query(p);
    if (const auto* q = accepted(read))
      check(q->max_results >= 1 && q->max_results <= 50);
    return;
  }
  if (*action == "StopInvocation") {
    auto read = read_stop_invocation(p);
    if (const auto* c = accepted(read))
      check(c->instance_ids.size() <= max_stop_instances);
    return;
  }
  if (*action == "DescribeCloudAssistantStatus") {
    auto read = read_instances(p);
    if (const auto* ids = accepted(read))
      check(ids->size() <= max_stop_instances);
    return;
  }
  if (*action != "RunCommand" && *action != "CreateCommand" && *action != "InvokeCommand")
    return;
  auto definition = read_command_definition(p);
  auto choice = read_invocation_choice(p, now_ms);
  const auto* d = accepted(definition);
  const auto* c = accepted(choice);
  if (d && c)
    check_request(invocation_request(*d, *c, id, "cn-hangzhou", now_ms));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto keys = credentials::parse(
      "[default]\naws_access_key_id = LTAI5tFuzzKey\naws_secret_access_key = fuzz-secret\n", "fuzz");
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto newline = text.find('\n');
  auto target = text.substr(0, newline);
  auto body = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
  auto parsed = rpc_params::parse(target, body);
  const auto* params = std::get_if<rpc_params>(&parsed);
  if (!params)
    return 0;
  for (const auto& [name, value] : params->all())
    if (const auto* found = params->find(name); !found || *found != value)
      std::abort();
  try {
    params->list("InstanceId");
    params->struct_list("ResourceTag");
  } catch (const rpc_param_error&) {
  }
  nonce_ledger nonces{16};
  verify_acs_v1("POST", *params, keys, nonces, 1'795'392'000);
  read_operation(*params);
  return 0;
}
