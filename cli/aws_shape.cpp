#include "cli/aws_shape.hpp"

#include "cli/shorthand.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace broadside::cli {

namespace {

using nlohmann::json;
using kind = shape::kind;

bool looks_like_json(const std::string& value, char opening) {
  auto first = value.find_first_not_of(" \t\r\n");
  return first != std::string::npos && value[first] == opening;
}

json parse_json(const std::string& text, const std::string& flag) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw input_error{"Error parsing parameter '" + flag + "': Invalid JSON: " + e.what() +
                      "\nJSON received: " + text};
  }
}

int64_t parse_integer(const std::string& text, const std::string& flag) {
  size_t used = 0;
  try {
    auto value = std::stoll(text, &used);
    if (used == text.size() && !text.empty() && !std::isspace(static_cast<unsigned char>(text[0])))
      return value;
  } catch (const std::logic_error&) {
    // reported below, like any other text that is not an integer
  }
  throw input_error{"Error parsing parameter '" + flag + "': invalid integer value: '" + text +
                    "'"};
}

// awscli's BackCompatVisitor: shorthand gives strings, and one value where
// a list is expected; the model says what they are.
json typed(json value, const shape& s, const std::string& flag) {
  switch (s.type) {
    case kind::structure:
      if (value.is_object())
        for (const auto& m : s.members)
          if (auto it = value.find(m.name); it != value.end())
            *it = typed(std::move(*it), *m.type, flag);
      return value;
    case kind::list:
      if (!value.is_array())
        value = json::array({std::move(value)});
      for (auto& element : value)
        element = typed(std::move(element), *s.element, flag);
      return value;
    case kind::map:
      if (value.is_object())
        for (auto& [key, member] : value.items())
          member = typed(std::move(member), *s.element, flag);
      return value;
    case kind::integer:
      return value.is_string() ? json(parse_integer(value.get<std::string>(), flag)) : value;
    case kind::boolean:
      if (value.is_string()) {
        auto text = value.get<std::string>();
        for (char& c : text)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (text == "true" || text == "false")
          return text == "true";
      }
      return value;
    case kind::string:
      return value;
  }
  return value;
}

// One value for a member of shape `s` (an element of a list flag included).
json single_value(const std::string& given, const shape& s, const std::string& flag) {
  auto value = file_or_text(given);
  switch (s.type) {
    case kind::structure:
    case kind::map:
      if (looks_like_json(value, '{'))
        return parse_json(value, flag);
      try {
        return typed(parse_shorthand(value), s, flag);
      } catch (const shorthand_error& e) {
        throw input_error{"Error parsing parameter '" + flag + "': " + e.what()};
      }
    case kind::list:
      return parse_json(value, flag);  // a list in a list: JSON only, as in the AWS CLI
    case kind::integer:
      return parse_integer(value, flag);
    case kind::boolean:
    case kind::string:
      break;
  }
  return value;
}

std::string type_name(kind k) {
  switch (k) {
    case kind::string: return "string";
    case kind::integer: return "integer";
    case kind::boolean: return "boolean";
    case kind::list: return "list";
    case kind::map: return "map";
    case kind::structure: return "structure";
  }
  return "";
}

std::string json_type_name(const json& value) {
  if (value.is_number_integer())
    return "integer";
  if (value.is_array())
    return "list";
  if (value.is_object())
    return "object";
  return value.type_name();
}

bool has_type(const json& value, kind k) {
  switch (k) {
    case kind::string: return value.is_string();
    case kind::integer: return value.is_number_integer();
    case kind::boolean: return value.is_boolean();
    case kind::list: return value.is_array();
    case kind::map:
    case kind::structure: return value.is_object();
  }
  return false;
}

void check(const json& value, const shape& s, const std::string& path,
           std::vector<std::string>& problems) {
  if (!has_type(value, s.type)) {
    problems.push_back("Invalid type for parameter " + path + ", value: " + value.dump() +
                       ", type: " + json_type_name(value) + ", valid types: " +
                       type_name(s.type));
    return;
  }
  auto where = path.empty() ? std::string{"input"} : path;
  auto inner = [&path](const std::string& name) { return path.empty() ? name : path + "." + name; };
  switch (s.type) {
    case kind::structure:
      for (const auto& m : s.members)
        if (m.required && !value.contains(m.name))
          problems.push_back("Missing required parameter in " + where + ": \"" + m.name + "\"");
      for (const auto& [name, member] : value.items()) {
        if (const auto* m = s.find(name)) {
          check(member, *m->type, inner(name), problems);
          continue;
        }
        std::string known;
        for (const auto& m2 : s.members)
          known += (known.empty() ? "" : ", ") + m2.name;
        problems.push_back("Unknown parameter in " + where + ": \"" + name +
                           "\", must be one of: " + known);
      }
      break;
    case kind::list:
      for (size_t i = 0; i < value.size(); ++i)
        check(value[i], *s.element, path + "[" + std::to_string(i) + "]", problems);
      break;
    case kind::map:
      for (const auto& [key, member] : value.items())
        check(member, *s.element, inner(key), problems);
      break;
    default:
      break;
  }
}

}  // namespace

const shape::member* shape::find(std::string_view name) const {
  for (const auto& m : members)
    if (m.name == name)
      return &m;
  return nullptr;
}

const shape& string_shape() {
  static const shape s{kind::string, nullptr, {}};
  return s;
}

const shape& integer_shape() {
  static const shape s{kind::integer, nullptr, {}};
  return s;
}

const shape& boolean_shape() {
  static const shape s{kind::boolean, nullptr, {}};
  return s;
}

shape list_of(const shape& element) { return {kind::list, &element, {}}; }
shape map_of(const shape& value) { return {kind::map, &value, {}}; }
shape structure_of(std::vector<shape::member> members) {
  return {kind::structure, nullptr, std::move(members)};
}

nlohmann::ordered_json skeleton(const shape& s) {
  using ordered_json = nlohmann::ordered_json;
  switch (s.type) {
    case kind::string: return "";
    case kind::integer: return 0;
    case kind::boolean: return true;
    case kind::list: return ordered_json::array({skeleton(*s.element)});
    case kind::map: return ordered_json{{"KeyName", skeleton(*s.element)}};
    case kind::structure: {
      auto members = ordered_json::object();
      for (const auto& m : s.members)
        members[m.name] = skeleton(*m.type);
      return members;
    }
  }
  return nullptr;
}

json flag_value(const std::vector<std::string>& values, const shape& s, const std::string& flag) {
  if (s.type == kind::boolean) {
    if (!values.empty())
      throw input_error{"argument " + flag + ": takes no value (" + flag + " or --no-" +
                        flag.substr(2) + ")"};
    return true;
  }
  if (values.empty())
    throw input_error{"argument " + flag + ": expected " +
                      (s.type == kind::list ? "at least one argument" : "one argument")};
  if (s.type != kind::list) {
    if (values.size() > 1)
      throw input_error{"argument " + flag + ": expected one argument, got " +
                        std::to_string(values.size())};
    return single_value(values.front(), s, flag);
  }
  if (values.size() == 1) {
    auto value = file_or_text(values.front());
    if (looks_like_json(value, '['))
      return parse_json(value, flag);
  }
  json list = json::array();
  for (const auto& value : values)
    list.push_back(single_value(value, *s.element, flag));
  return list;
}

std::string file_or_text(const std::string& value) {
  constexpr std::string_view prefix = "file://";
  if (value.rfind(prefix, 0) != 0)
    return value;
  auto path = value.substr(prefix.size());
  std::ifstream in{path, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || in.bad())
    throw input_error{"Error parsing parameter: Unable to load paramfile " + value +
                      ": cannot read " + path};
  return text.str();
}

std::vector<std::string> input_problems(const json& input, const shape& s) {
  std::vector<std::string> problems;
  check(input, s, "", problems);
  return problems;
}

}  // namespace broadside::cli
