#pragma once

// The parameters of an Alibaba Cloud RPC request (ECS API 2014-05-26 style):
// name=value pairs from the request-target's query string and from an
// application/x-www-form-urlencoded body, both accepted, decoded.
//
// Decoding, in both places: '+' is a space (form-urlencoded rules, which
// servers such as Java servlets and Python's parse_qs also apply to query
// strings; Alibaba's SDKs write a space as %20 and '+' as %2B, so they never
// depend on it). A '%' not followed by two hex digits is an error, empty
// pieces ("a=1&&b=2") are skipped, a piece without '=' is a name with an
// empty value. A name given twice (in the query, the body, or one in each)
// is an error: signatures and lookups need one value per name.
//
// Lists are flattened 1-based: InstanceId.1=i-1&InstanceId.2=i-2, and lists
// of structs ResourceTag.1.Key=env&ResourceTag.1.Value=prod. Their indexes
// must be 1..N with none missing (1, 2, 3, not 1, 3) and written without
// leading zeros; anything else after the prefix (InstanceId.x,
// InstanceId.0, InstanceId.1.Key where a plain list is read) is an error.

#include "api/api_error.hpp"

#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace broadside::api {

using rpc_param = std::pair<std::string, std::string>;
// One element of a list of structs: member name (Key, Value) -> value.
using rpc_struct = std::map<std::string, std::string, std::less<>>;

// A list or a struct list that is malformed (InvalidParameter, 400).
struct rpc_param_error : std::runtime_error {
  explicit rpc_param_error(api_error e) : std::runtime_error(e.message), error(std::move(e)) {}
  api_error error;
};

class rpc_params {
 public:
  rpc_params() = default;
  // Throws rpc_param_error if a name is given twice.
  explicit rpc_params(std::vector<rpc_param> params);
  rpc_params(std::initializer_list<rpc_param> params)
      : rpc_params(std::vector<rpc_param>(params)) {}

  // `target`: the request-target ("/?Action=RunCommand&InstanceId.1=i-1");
  // only what follows its '?' is read. `form_body`: the body of an
  // application/x-www-form-urlencoded request, else empty. Errors are
  // InvalidParameter (400).
  static std::variant<rpc_params, api_error> parse(std::string_view target,
                                                   std::string_view form_body);

  // In the order received: the query's, then the body's.
  const std::vector<rpc_param>& all() const { return params_; }
  const std::string* find(std::string_view name) const;

  // The values of prefix.1 .. prefix.N; empty if there are none. Throws
  // rpc_param_error if the indexes are not 1..N or a name under `prefix.`
  // is not prefix.<index>.
  std::vector<std::string> list(std::string_view prefix) const;
  // The members of prefix.1.* .. prefix.N.*, each element as given (a
  // member left out is absent). Throws rpc_param_error like list(), and for
  // a name that is not prefix.<index>.<member> (member without a '.').
  std::vector<rpc_struct> struct_list(std::string_view prefix) const;

 private:
  // False if `name` is there already.
  bool add(std::string name, std::string value);

  std::vector<rpc_param> params_;
  std::map<std::string, size_t, std::less<>> index_;  // name -> position in params_
};

}  // namespace broadside::api
