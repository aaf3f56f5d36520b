#include "api/validation.hpp"

#include <cctype>
#include <utility>

namespace broadside::api {

namespace {

using json = nlohmann::json;

// Length as the services measure it: UTF-16 code units (Java's
// String.length()), so a character outside the BMP counts twice.
size_t length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80)
      continue;  // a continuation byte
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// One bracket expression followed by '+', e.g. "[A-Za-z0-9.@\-_]+": the set
// of bytes it accepts. Anything else (or a class it cannot read) is nullopt.
std::optional<std::bitset<256>> repeated_class(std::string_view p) {
  if (p.size() < 4 || p.front() != '[' || p[1] == '^' || p.substr(p.size() - 2) != "]+")
    return std::nullopt;
  auto body = p.substr(1, p.size() - 3);
  std::bitset<256> set;
  for (size_t i = 0; i < body.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    if (c == '\\') {
      if (++i == body.size())
        return std::nullopt;
      char escaped = body[i];
      if (escaped == 'w') {  // [A-Za-z0-9_]
        for (int x = 0; x < 256; ++x)
          if (std::isalnum(x) || x == '_')
            set.set(static_cast<size_t>(x));
        continue;
      }
      if (std::isalnum(static_cast<unsigned char>(escaped)))
        return std::nullopt;  // \d, \s, ...: leave them to std::regex
      set.set(static_cast<unsigned char>(escaped));
      continue;
    }
    if (c == '[' || c == ']')
      return std::nullopt;
    if (i + 2 < body.size() && body[i + 1] == '-') {
      auto last = static_cast<unsigned char>(body[i + 2]);
      if (last == '\\' || last < c)
        return std::nullopt;
      for (unsigned x = c; x <= last; ++x)
        set.set(x);
      i += 2;
      continue;
    }
    set.set(c);
  }
  return set;
}

std::string in_quotes(std::string_view value) { return "'" + std::string{value} + "'"; }

// A value as the services print it in a message: strings and numbers quoted,
// maps and lists the way Java prints them.
std::string shown(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return in_quotes(value.get_ref<const std::string&>());
    case json::value_t::object: {
      std::string out = "{";
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (it != value.begin())
          out += ", ";
        out += it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump());
      }
      return in_quotes(out + "}");
    }
    case json::value_t::array: {
      std::string out = "[";
      for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0)
          out += ", ";
        out += value[i].is_string() ? value[i].get<std::string>() : value[i].dump();
      }
      return in_quotes(out + "]");
    }
    default:
      return in_quotes(value.dump());
  }
}

void add(std::vector<std::string>& out, std::string_view path, const std::string& value,
         std::string_view constraint) {
  out.push_back("Value " + value + " at '" + std::string{path}
                + "' failed to satisfy constraint: " + std::string{constraint});
}

std::string at_most(size_t max) {
  return "Member must have length less than or equal to " + std::to_string(max);
}
std::string at_least(size_t min) {
  return "Member must have length greater than or equal to " + std::to_string(min);
}
std::string matching(const value_pattern& p) {
  return "Member must satisfy regular expression pattern: " + p.text();
}

// The constraints `value` fails, in the services' order: maximum, minimum,
// pattern.
std::vector<std::string> failures(std::string_view value, const string_rule& rule) {
  std::vector<std::string> out;
  auto n = length(value);
  if (n > rule.max)
    out.push_back(at_most(rule.max));
  if (n < rule.min)
    out.push_back(at_least(rule.min));
  if (rule.pattern && !rule.pattern->matches(value))
    out.push_back(matching(*rule.pattern));
  return out;
}

// Every constraint of the rule, as "[...]" in a map's or list's message: the
// services name the member shape's constraints, not only those that failed.
std::string all_constraints(const string_rule& rule) {
  std::string out = "[";
  auto append = [&](const std::string& c) { out += (out.size() > 1 ? ", " : "") + c; };
  if (rule.max != SIZE_MAX)
    append(at_most(rule.max));
  if (rule.min > 0)
    append(at_least(rule.min));
  if (rule.pattern)
    append(matching(*rule.pattern));
  return out + "]";
}

// What the services' deserializer says of a value of the wrong type; the
// wording follows AWS's (Coral's) messages.
std::string type_mismatch(const json& value, std::string_view expected) {
  if (value.is_object())
    return "Start of structure or map found where not expected.";
  if (value.is_array())
    return "Start of list found where not expected";
  std::string token = value.is_string()    ? "STRING_VALUE"
                      : value.is_boolean() ? "BOOLEAN_VALUE"
                                           : "NUMBER_VALUE";
  return token + " can not be converted to " + std::string{expected};
}

void check_size(std::vector<std::string>& out, std::string_view path, const json& value,
                const size_rule& size) {
  if (value.size() > size.max)
    add(out, path, shown(value), at_most(size.max));
  if (value.size() < size.min)
    add(out, path, shown(value), at_least(size.min));
}

}  // namespace

value_pattern::value_pattern(std::string text)
    : text_(std::move(text)), repeated_class_(repeated_class(text_)) {
  if (!repeated_class_)
    regex_ = std::regex{text_, std::regex::ECMAScript | std::regex::optimize};
}

bool value_pattern::matches(std::string_view value) const {
  if (repeated_class_) {
    if (value.empty())
      return false;
    for (unsigned char c : value)
      if (!repeated_class_->test(c))
        return false;
    return true;
  }
  return std::regex_match(value.begin(), value.end(), regex_);
}

const json* member(const json* object, std::string_view name) {
  if (!object || !object->is_object())
    return nullptr;
  auto it = object->find(name);
  if (it == object->end() || it->is_null())
    return nullptr;
  return &*it;
}

const json* member(const json& object, std::string_view name) { return member(&object, name); }

bool validator::typed(const json* value, json::value_t type, std::string_view type_name) {
  if (!value)
    return false;
  bool ok = value->type() == type
            || (type == json::value_t::number_integer && value->is_number_unsigned());
  if (!ok && !serialization_error_)
    serialization_error_ = type_mismatch(*value, type_name);
  return ok;
}

validator& validator::required(std::string_view path, const json* value) {
  if (!value)
    add(violations_, path, "null", "Member must not be null");
  return *this;
}

validator& validator::string(std::string_view path, const json* value, const string_rule& rule) {
  if (!typed(value, json::value_t::string, "a String"))
    return *this;
  const auto& s = value->get_ref<const std::string&>();
  for (const auto& constraint : failures(s, rule))
    add(violations_, path, in_quotes(s), constraint);
  return *this;
}

validator& validator::violation(std::string_view path, const std::string& shown_value,
                                std::string_view constraint) {
  add(violations_, path, shown_value, constraint);
  return *this;
}

validator& validator::integer(std::string_view path, const json* value, const integer_rule& rule) {
  if (!typed(value, json::value_t::number_integer, "an Integer"))
    return *this;
  // Large unsigned values wrap to negative, which fails a minimum as it should.
  auto n = value->get<int64_t>();
  if (rule.max && n > *rule.max)
    add(violations_, path, shown(*value),
        "Member must have value less than or equal to " + std::to_string(*rule.max));
  if (rule.min && n < *rule.min)
    add(violations_, path, shown(*value),
        "Member must have value greater than or equal to " + std::to_string(*rule.min));
  return *this;
}

validator& validator::enumeration(std::string_view path, const json* value,
                                  const std::string_view* allowed, size_t count) {
  if (!typed(value, json::value_t::string, "a String"))
    return *this;
  const auto& s = value->get_ref<const std::string&>();
  std::string set = "[";
  bool known = false;
  for (size_t i = 0; i < count; ++i) {
    known = known || allowed[i] == s;
    set += (i > 0 ? ", " : "") + std::string{allowed[i]};
  }
  if (!known)
    add(violations_, path, in_quotes(s), "Member must satisfy enum value set: " + set + "]");
  return *this;
}

validator& validator::timestamp(const json* value) {
  if (value && !value->is_number() && !serialization_error_)
    serialization_error_ = type_mismatch(*value, "a Timestamp");
  return *this;
}

validator& validator::string_map(std::string_view path, const json* value, const size_rule& size,
                                 const string_rule& key, const string_rule& entry) {
  if (!typed(value, json::value_t::object, "a Map"))
    return *this;
  check_size(violations_, path, *value, size);
  bool keys_fail = false;
  bool values_fail = false;
  for (auto it = value->begin(); it != value->end(); ++it) {
    if (!typed(&*it, json::value_t::string, "a String"))
      return *this;
    keys_fail = keys_fail || !failures(it.key(), key).empty();
    values_fail = values_fail || !failures(it->get_ref<const std::string&>(), entry).empty();
  }
  if (keys_fail)
    add(violations_, path, shown(*value),
        "Map keys must satisfy constraint: " + all_constraints(key));
  if (values_fail)
    add(violations_, path, shown(*value),
        "Map value must satisfy constraint: " + all_constraints(entry));
  return *this;
}

validator& validator::string_list(std::string_view path, const json* value, const size_rule& size,
                                  const string_rule& each) {
  if (!list(path, value, size))
    return *this;
  bool members_fail = false;
  for (const auto& x : *value) {
    if (!typed(&x, json::value_t::string, "a String"))
      return *this;
    members_fail = members_fail || !failures(x.get_ref<const std::string&>(), each).empty();
  }
  if (members_fail)
    add(violations_, path, shown(*value), "Member must satisfy constraint: " + all_constraints(each));
  return *this;
}

const json* validator::list(std::string_view path, const json* value, const size_rule& size) {
  if (!typed(value, json::value_t::array, "a List"))
    return nullptr;
  check_size(violations_, path, *value, size);
  return value;
}

const json* validator::structure(const json* value) {
  return typed(value, json::value_t::object, "a Structure") ? value : nullptr;
}

std::optional<api_error> validator::error() const {
  if (serialization_error_)
    return api_error{"SerializationException", *serialization_error_};
  if (violations_.empty())
    return std::nullopt;
  auto n = violations_.size();
  std::string message = std::to_string(n) + (n == 1 ? " validation error" : " validation errors")
                        + " detected: ";
  for (size_t i = 0; i < n; ++i)
    message += (i > 0 ? "; " : "") + violations_[i];
  return api_error{"ValidationException", message};
}

}  // namespace broadside::api
