#include "api/rpc_query.hpp"

#include "api/auth/percent_encoding.hpp"

#include <optional>

namespace broadside::api {

namespace {

api_error invalid(std::string_view name, std::string_view why) {
  return {"InvalidParameter", "The specified parameter \"" + std::string{name} +
                                "\" is not valid: " + std::string{why} + "."};
}

// 1, 2, ... 999999999 without leading zeros.
std::optional<size_t> index_of(std::string_view text) {
  if (text.empty() || text.size() > 9 || text[0] == '0')
    return std::nullopt;
  size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  return value;
}

// The elements of a flattened list under `prefix.`, by index, each with
// what follows "prefix.<index>" in its name, checked to run 1..N.
template <typename Element, typename Take>
std::vector<Element> flattened(const std::vector<rpc_param>& params, std::string_view prefix,
                               Take&& take) {
  std::string head = std::string{prefix} + ".";
  std::map<size_t, Element> by_index;
  for (const auto& [name, value] : params) {
    if (name.compare(0, head.size(), head) != 0)
      continue;
    std::string_view rest = std::string_view{name}.substr(head.size());
    auto dot = rest.find('.');
    auto index = index_of(rest.substr(0, dot));
    if (!index)
      throw rpc_param_error{invalid(name, "a list index must be a whole number from 1 up")};
    std::string_view member =
      dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    take(by_index[*index], name, member, value);
  }
  std::vector<Element> elements;
  elements.reserve(by_index.size());
  for (auto& [index, element] : by_index) {
    if (index != elements.size() + 1)
      throw rpc_param_error{invalid(head + std::to_string(index),
                                    head + std::to_string(elements.size() + 1) +
                                      " is missing: list indexes run 1..N")};
    elements.push_back(std::move(element));
  }
  return elements;
}

}  // namespace

rpc_params::rpc_params(std::vector<rpc_param> params) {
  for (auto& [name, value] : params)
    if (!add(name, std::move(value)))
      throw rpc_param_error{invalid(name, "it is given more than once")};
}

bool rpc_params::add(std::string name, std::string value) {
  if (!index_.emplace(name, params_.size()).second)
    return false;
  params_.emplace_back(std::move(name), std::move(value));
  return true;
}

std::variant<rpc_params, api_error> rpc_params::parse(std::string_view target,
                                                      std::string_view form_body) {
  rpc_params params;
  auto query_at = target.find('?');
  std::string_view query =
    query_at == std::string_view::npos ? std::string_view{} : target.substr(query_at + 1);
  for (std::string_view text : {query, form_body}) {
    while (!text.empty()) {
      auto end = text.find('&');
      std::string_view piece = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
      if (piece.empty())
        continue;
      auto equals = piece.find('=');
      std::string_view raw_name = piece.substr(0, equals);
      std::string_view raw_value =
        equals == std::string_view::npos ? std::string_view{} : piece.substr(equals + 1);
      auto name = percent_decode(raw_name, plus_sign::space);
      auto value = percent_decode(raw_value, plus_sign::space);
      if (!name)
        return invalid(raw_name, "its name has a '%' not followed by two hex digits");
      if (!value)
        return invalid(*name, "its value has a '%' not followed by two hex digits");
      if (name->empty())
        return api_error{"InvalidParameter",
                         "A parameter has no name: \"" + std::string{piece} + "\"."};
      if (!params.add(*name, std::move(*value)))
        return invalid(*name, "it is given more than once");
    }
  }
  return params;
}

const std::string* rpc_params::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &params_[it->second].second;
}

std::vector<std::string> rpc_params::list(std::string_view prefix) const {
  return flattened<std::string>(
    params_, prefix,
    [](std::string& element, const std::string& name, std::string_view member,
       const std::string& value) {
      if (!member.empty() || name.back() == '.')
        throw rpc_param_error{invalid(name, "a list element is <name>.<index>")};
      element = value;
    });
}

std::vector<rpc_struct> rpc_params::struct_list(std::string_view prefix) const {
  return flattened<rpc_struct>(
    params_, prefix,
    [](rpc_struct& element, const std::string& name, std::string_view member,
       const std::string& value) {
      if (member.empty() || member.find('.') != std::string_view::npos)
        throw rpc_param_error{invalid(name, "a struct list member is <name>.<index>.<member>")};
      element.emplace(member, value);
    });
}

}  // namespace broadside::api
