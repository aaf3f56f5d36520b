// Alibaba Cloud RPC requests (api/rpc_query.hpp, api/auth/acs_signature.hpp)
// on any bytes: the first line is the request-target, the rest a form body.
// Parsing gives parameters or an error; every parameter is found again by its
// name; lists read or refuse; the signature check answers without throwing.

#include "api/auth/acs_signature.hpp"
#include "api/auth/credentials.hpp"
#include "api/rpc_query.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace broadside::api;
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
  return 0;
}
