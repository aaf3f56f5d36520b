#include "api/json_text.hpp"

#include <charconv>
#include <string_view>

namespace broadside::api {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence starting at s[i], or 0 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
size_t utf8_sequence(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto continuation = [&](size_t k, unsigned char low = 0x80, unsigned char high = 0xBF) {
    return k < s.size() && byte(k) >= low && byte(k) <= high;
  };
  auto lead = byte(i);
  if (lead >= 0xC2 && lead <= 0xDF)
    return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    auto low = lead == 0xE0 ? 0xA0 : 0x80;
    auto high = lead == 0xED ? 0x9F : 0xBF;
    return continuation(i + 1, low, high) && continuation(i + 2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    auto low = lead == 0xF0 ? 0x90 : 0x80;
    auto high = lead == 0xF4 ? 0x8F : 0xBF;
    return continuation(i + 1, low, high) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
  }
  return 0;
}

void append_string(std::string_view s, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (auto n = utf8_sequence(s, i)) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0x0f];
        } else {
          out += replacement;  // a byte that starts no valid sequence
        }
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

template <class Number>
void append_integer(Number n, std::string& out) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

}  // namespace

void append_json_text(const nlohmann::json& value, std::string& out) {
  using type = nlohmann::json::value_t;
  switch (value.type()) {
    case type::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
        if (!first)
          out += ',';
        first = false;
        append_string(key, out);
        out += ':';
        append_json_text(member, out);
      }
      out += '}';
      return;
    }
    case type::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value) {
        if (!first)
          out += ',';
        first = false;
        append_json_text(element, out);
      }
      out += ']';
      return;
    }
    case type::string:
      return append_string(value.get_ref<const std::string&>(), out);
    case type::number_integer:
      return append_integer(value.get<int64_t>(), out);
    case type::number_unsigned:
      return append_integer(value.get<uint64_t>(), out);
    case type::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case type::null:
    case type::discarded:
      out += "null";
      return;
    default:  // floating point and binary: nlohmann's own form
      out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

std::string json_text(const nlohmann::json& value) {
  std::string out;
  out.reserve(512);
  append_json_text(value, out);
  return out;
}

void json_writer::separate() {
  if (after_key_)
    after_key_ = false;
  else if (!first_)
    out_ += ',';
  first_ = false;
}

json_writer& json_writer::open(char bracket) {
  separate();
  out_ += bracket;
  first_ = true;
  return *this;
}

json_writer& json_writer::close(char bracket) {
  out_ += bracket;
  first_ = false;
  return *this;
}

json_writer& json_writer::key(std::string_view name) {
  separate();
  append_string(name, out_);
  out_ += ':';
  after_key_ = true;
  return *this;
}

json_writer& json_writer::string(std::string_view s) {
  separate();
  append_string(s, out_);
  return *this;
}

json_writer& json_writer::number(int64_t n) {
  separate();
  append_integer(n, out_);
  return *this;
}

json_writer& json_writer::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

json_writer& json_writer::document(const nlohmann::json& value) {
  separate();
  append_json_text(value, out_);
  return *this;
}

}  // namespace broadside::api
