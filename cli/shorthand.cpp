#include "cli/shorthand.hpp"

#include <optional>
#include <string>

namespace broadside::cli {

namespace {

using nlohmann::json;

constexpr int end_of_input = -1;

// Python's string.whitespace, which the parser skips between tokens.
bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The character classes of shorthand.py's value patterns, on bytes: every
// byte of a multi-byte UTF-8 character falls in all three, as the character
// does in Python.
bool is_excluded(int c, std::string_view excluded) {
  return c < 0x21 || excluded.find(static_cast<char>(c)) != std::string_view::npos;
}
bool starts_word(int c) { return !is_excluded(c, "\"',=[{"); }
bool follows_first(int c) { return is_space(c) || !is_excluded(c, "\"',]}"); }
bool follows_second(int c) { return is_space(c) || !is_excluded(c, "\"',="); }

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string rstrip(std::string text) {
  while (!text.empty() && is_space(static_cast<unsigned char>(text.back())))
    text.pop_back();
  return text;
}

class parser {
public:
  explicit parser(std::string_view text) : text_(text) {}

  // parameter = keyval *("," keyval)
  json parameter() {
    json params = json::object();
    auto [key, value] = keyval();
    params[key] = std::move(value);
    size_t last_index = index_;
    while (!at_end()) {
      expect(',', true);
      auto [next_key, next_value] = keyval();
      if (params.contains(next_key))
        fail("Second instance of key \"" + next_key + "\" encountered for input:", last_index + 1,
             "This is often because there is a preceding \",\" instead of a space.");
      params[next_key] = std::move(next_value);
      last_index = index_;
    }
    return params;
  }

private:
  int current() const {
    return at_end() ? end_of_input : static_cast<unsigned char>(text_[index_]);
  }
  bool at_end() const { return index_ >= text_.size(); }

  void skip_whitespace() {
    while (is_space(current()))
      ++index_;
  }

  [[noreturn]] void fail(const std::string& what, size_t at, const std::string& after = "") const {
    std::string message = what + "\n" + std::string{text_} + "\n" + std::string(at, ' ') + "^";
    throw shorthand_error{after.empty() ? message : message + "\n" + after};
  }

  [[noreturn]] void fail_expecting(const std::string& expected, const std::string& actual) const {
    fail("Expected: '" + expected + "', received: '" + actual + "' for input:", index_);
  }

  void expect(char c, bool around_whitespace = false) {
    if (around_whitespace)
      skip_whitespace();
    if (at_end())
      fail_expecting(std::string(1, c), "EOF");
    if (current() != static_cast<unsigned char>(c))
      fail_expecting(std::string(1, c), std::string(1, text_[index_]));
    ++index_;
    if (around_whitespace)
      skip_whitespace();
  }

  std::pair<std::string, json> keyval() {
    auto k = key();
    expect('=', true);
    return {std::move(k), values()};
  }

  // key = 1*(alpha / digit / "-" / "_" / "." / "#" / "/" / ":"), possibly empty.
  std::string key() {
    size_t start = index_;
    while (!at_end()) {
      char c = text_[index_];
      bool valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   std::string_view{"-_.#/:"}.find(c) != std::string_view::npos;
      if (!valid)
        break;
      ++index_;
    }
    return std::string{text_.substr(start, index_ - start)};
  }

  // values = csv-list / explicit-list / hash-literal
  json values() {
    if (at_end())
      return "";
    if (current() == '[')
      return explicit_list();
    if (current() == '{')
      return hash_literal();
    return csv_value();
  }

  // a=b is the scalar "b"; a=b,c the list ["b", "c"]; in a=b,c=d the list
  // ends before c, which the parser finds by backtracking to the comma.
  json csv_value() {
    auto first = first_value();
    skip_whitespace();
    if (at_end() || current() != ',')
      return first;
    expect(',', true);
    json list = json::array({first});
    for (;;) {
      try {
        auto value = second_value();
        skip_whitespace();
        if (at_end()) {
          list.push_back(std::move(value));
          break;
        }
        expect(',', true);
        list.push_back(std::move(value));
      } catch (const shorthand_error&) {
        if (at_end())
          throw;
        while (current() != ',')
          --index_;
        break;
      }
    }
    return list.size() == 1 ? json(first) : list;
  }

  json explicit_list() {
    expect('[', true);
    json list = json::array();
    while (current() != ']') {
      list.push_back(explicit_value());
      skip_whitespace();
      if (current() != ']') {
        expect(',');
        skip_whitespace();
      }
    }
    expect(']');
    return list;
  }

  json explicit_value() {
    if (current() == '[')
      return explicit_list();
    if (current() == '{')
      return hash_literal();
    return first_value();
  }

  json hash_literal() {
    expect('{', true);
    json object = json::object();
    while (current() != '}') {
      auto k = key();
      expect('=', true);
      auto value = explicit_value();
      skip_whitespace();
      if (current() != '}') {
        expect(',');
        skip_whitespace();
      }
      object[k] = std::move(value);
    }
    expect('}');
    return object;
  }

  std::string first_value() {
    if (current() == '\'' || current() == '"')
      return quoted(static_cast<char>(current()));
    return unquoted(follows_first).value_or("");
  }

  std::string second_value() {
    if (current() == '\'' || current() == '"')
      return quoted(static_cast<char>(current()));
    auto value = unquoted(follows_second);
    if (!value)
      fail_expecting("<second>", "<none>");
    return *value;
  }

  // A word: a first character, then following ones; `\,` anywhere is a comma.
  std::optional<std::string> unquoted(bool (*follows)(int)) {
    size_t end = index_;
    auto escaped_comma = [&] {
      return end + 1 < text_.size() && text_[end] == '\\' && text_[end + 1] == ',';
    };
    auto next_char = [&](bool (*is_word)(int)) {
      if (escaped_comma())
        end += 2;
      else if (end < text_.size() && is_word(static_cast<unsigned char>(text_[end])))
        ++end;
      else
        return false;
      return true;
    };
    if (!next_char(starts_word))
      return std::nullopt;
    while (next_char(follows)) {
    }
    std::string word{text_.substr(index_, end - index_)};
    index_ = end;
    return rstrip(replace_all(std::move(word), "\\,", ","));
  }

  // The pattern q(?:\\q|[^q])*q: the value ends at the first quote not
  // escaped; with none, the pattern backtracks to the quote of the last \q.
  std::string quoted(char quote) {
    size_t end = index_ + 1;
    std::optional<size_t> last_escaped;
    while (end < text_.size() && text_[end] != quote) {
      if (text_[end] == '\\' && end + 1 < text_.size() && text_[end + 1] == quote) {
        last_escaped = end + 1;
        end += 2;
      } else {
        ++end;
      }
    }
    if (end >= text_.size()) {
      if (!last_escaped)
        fail_expecting(quote == '\'' ? "<singled quoted>" : "<double quoted>", "<none>");
      end = *last_escaped;
    }
    std::string value{text_.substr(index_ + 1, end - index_ - 1)};
    index_ = end + 1;
    const char escaped_quote[] = {'\\', quote, '\0'};
    return replace_all(replace_all(std::move(value), escaped_quote, std::string(1, quote)), "\\\\",
                       "\\");
  }

  std::string_view text_;
  size_t index_ = 0;
};

}  // namespace

json parse_shorthand(std::string_view text) { return parser{text}.parameter(); }

}  // namespace broadside::cli
