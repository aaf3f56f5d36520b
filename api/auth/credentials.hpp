#pragma once

// The keys requests are signed with, in the AWS shared-credentials file format
// (the file the AWS CLI reads from AWS_SHARED_CREDENTIALS_FILE), so one file
// serves both the server and its clients:
//
//   [default]
//   aws_access_key_id = AKIA...
//   aws_secret_access_key = ...
//
// Like botocore: `#` and `;` start comment lines (not inline comments), `=` or
// `:` separate a key from its value, key names are case-insensitive, keys other
// than the two above (aws_session_token, region...) and indented continuation
// lines are ignored.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace broadside::api {

struct access_key {
  std::string secret;
  std::string profile;
};

class credentials {
public:
  // Throws std::runtime_error naming `source` and the line: a line that is
  // neither a section, a key nor a comment; a key outside any section; a
  // section or a key given twice; a profile with a key id and no secret (or
  // the other way round); one key id with two different secrets.
  static credentials parse(std::string_view text, const std::string& source);
  // Throws std::runtime_error if the file cannot be read or parsed.
  static credentials read_file(const std::filesystem::path& file);

  const access_key* find(std::string_view access_key_id) const;
  bool empty() const { return keys_.empty(); }
  // The key id `profile` holds, for a client to sign with (find() gives its
  // secret); nullptr if the profile holds no key.
  const std::string* key_id_of(std::string_view profile) const;

private:
  std::map<std::string, access_key, std::less<>> keys_;
  // Not kept in access_key: profiles sharing one key share one entry there.
  std::map<std::string, std::string, std::less<>> key_ids_by_profile_;
};

struct generated_key {
  std::string access_key_id;  // "AKIA" and 16 of [A-Z2-7], like AWS's
  std::string secret;         // 40 of [A-Za-z0-9+/], like AWS's
};

// A new random key pair, from std::random_device.
generated_key generate_key();

// Writes `key` as a credentials file holding only a [default] profile, mode
// 0600, creating parent directories. Never replaces an existing file (a
// replaced key would lock out every client holding the old one): throws
// std::runtime_error if `file` exists or cannot be written.
void write_credentials_file(const std::filesystem::path& file, const generated_key& key);

}  // namespace broadside::api
