#include "api/auth/credentials.hpp"

#include "api/auth/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace broadside::api {

namespace {

constexpr std::string_view whitespace = " \t\r";

[[noreturn]] void fail_at(const std::string& source, size_t line, const std::string& what) {
  throw std::runtime_error{source + ":" + std::to_string(line) + ": " + what};
}

// One [section] as read, before it is checked.
struct profile {
  std::string name;
  size_t line = 0;
  std::optional<std::string> key_id;
  std::optional<std::string> secret;
};

class parser {
public:
  explicit parser(const std::string& source) : source_(source) {}

  void line(size_t number, std::string_view text) {
    number_ = number;
    auto content = trim(text, whitespace);
    if (content.empty() || content.front() == '#' || content.front() == ';')
      return;
    size_t indent = text.find_first_not_of(whitespace);
    if (in_value_ && indent > value_indent_)
      return;  // continues the last value: nested settings no key of ours uses
    if (content.front() == '[') {
      section(content);
      return;
    }
    auto delimiter = content.find_first_of("=:");
    if (delimiter == std::string_view::npos
        || trim(content.substr(0, delimiter), whitespace).empty())
      fail("expected '[profile]' or 'key = value'");  // not the line: it may hold a secret
    if (profiles_.empty())
      fail("'" + std::string{trim(content.substr(0, delimiter), whitespace)} +
           "' is outside any [profile] section");
    auto key = lowercase(trim(content.substr(0, delimiter), whitespace));
    auto value = std::string{trim(content.substr(delimiter + 1), whitespace)};
    if (!keys_seen_.insert(key).second)
      fail("'" + key + "' given twice in profile '" + profiles_.back().name + "'");
    in_value_ = true;
    value_indent_ = indent;
    if (key == "aws_access_key_id")
      profiles_.back().key_id = std::move(value);
    else if (key == "aws_secret_access_key")
      profiles_.back().secret = std::move(value);
  }

  std::vector<profile> finish() && { return std::move(profiles_); }

private:
  void section(std::string_view content) {
    if (content.back() != ']' || trim(content.substr(1, content.size() - 2), whitespace).empty())
      fail("malformed section header '" + std::string{content} + "'");
    std::string name{trim(content.substr(1, content.size() - 2), whitespace)};
    for (const auto& earlier : profiles_)
      if (earlier.name == name)
        fail("profile '" + name + "' already defined on line " + std::to_string(earlier.line));
    profiles_.push_back({std::move(name), number_, {}, {}});
    keys_seen_.clear();
    in_value_ = false;
  }

  [[noreturn]] void fail(const std::string& what) const {
    fail_at(source_, number_, what);
  }

  const std::string& source_;
  size_t number_ = 0;
  std::vector<profile> profiles_;
  std::set<std::string> keys_seen_;
  bool in_value_ = false;
  size_t value_indent_ = 0;
};

std::runtime_error system_failure(const std::string& what, const std::filesystem::path& file) {
  return std::runtime_error{what + " " + file.string() + ": " + std::strerror(errno)};
}

std::string random_text(std::random_device& random, std::string_view alphabet, size_t length) {
  std::uniform_int_distribution<size_t> pick{0, alphabet.size() - 1};
  std::string text;
  for (size_t i = 0; i < length; ++i)
    text.push_back(alphabet[pick(random)]);
  return text;
}

}  // namespace

credentials credentials::parse(std::string_view text, const std::string& source) {
  parser reader{source};
  size_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    reader.line(++number, text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }

  credentials result;
  for (auto& p : std::move(reader).finish()) {
    if (p.key_id && !p.secret)
      fail_at(source, p.line,
              "profile '" + p.name + "' has aws_access_key_id and no aws_secret_access_key");
    if (p.secret && !p.key_id)
      fail_at(source, p.line,
              "profile '" + p.name + "' has aws_secret_access_key and no aws_access_key_id");
    if (!p.key_id)
      continue;  // a profile with other settings only
    auto [it, added] = result.keys_.try_emplace(*p.key_id, access_key{*p.secret, p.name});
    if (!added && it->second.secret != *p.secret)
      fail_at(source, p.line,
              "profile '" + p.name + "' gives access key " + *p.key_id +
                  " another secret than profile '" + it->second.profile + "'");
    result.key_ids_by_profile_.emplace(p.name, *p.key_id);
  }
  return result;
}

credentials credentials::read_file(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in)
    throw system_failure("cannot read credentials file", file);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw system_failure("cannot read credentials file", file);
  return parse(text.str(), file.string());
}

const access_key* credentials::find(std::string_view access_key_id) const {
  auto it = keys_.find(access_key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

const std::string* credentials::key_id_of(std::string_view profile) const {
  auto it = key_ids_by_profile_.find(profile);
  return it == key_ids_by_profile_.end() ? nullptr : &it->second;
}

generated_key generate_key() {
  std::random_device random;
  return {"AKIA" + random_text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
          random_text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                      40)};
}

void write_credentials_file(const std::filesystem::path& file, const generated_key& key) {
  if (file.has_parent_path())
    std::filesystem::create_directories(file.parent_path());
  // Written in full under a temporary name, then linked into place: a crash
  // never leaves a torn file, and link() refuses to replace an existing one.
  auto temporary = file;
  temporary += ".tmp" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw system_failure("cannot create", temporary);
  std::string text = "# Written by broadside: the key its API accepts, for the server and for\n"
                     "# clients (AWS_SHARED_CREDENTIALS_FILE).\n"
                     "[default]\n"
                     "aws_access_key_id = " +
                     key.access_key_id + "\naws_secret_access_key = " + key.secret + "\n";
  // fchmod: the umask must not leave the file more (or less) open than 0600.
  bool written = ::fchmod(fd, 0600) == 0 &&
                 ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                 ::fsync(fd) == 0;
  int saved_errno = errno;
  ::close(fd);
  if (written && ::link(temporary.c_str(), file.c_str()) != 0) {
    written = false;
    saved_errno = errno;
  }
  ::unlink(temporary.c_str());
  errno = saved_errno;
  if (!written)
    throw system_failure("cannot write credentials file", file);
}

}  // namespace broadside::api
