#include "actors/file_problem.hpp"

#include <algorithm>

namespace broadside {

namespace {

bool octal_mode(const std::string& mode) {
  // Leading zeros are chmod's business; twelve digits cannot overflow.
  if (mode.empty() || mode.size() > 12
      || !std::all_of(mode.begin(), mode.end(), [](char c) { return c >= '0' && c <= '7'; }))
    return false;
  return std::stoull(mode, nullptr, 8) <= 07777;
}

}  // namespace

std::optional<file_fault> file_problem(const file_spec& f) {
  const auto& n = f.name;
  if (n.empty() || n == "." || n == ".." || n.find_first_of(std::string{"/\0", 2}) != std::string::npos)
    return file_fault{instance_error::file_name_invalid, "the file name \"" + n + "\" is not a file name"};
  if (n.size() > max_file_name_bytes)
    return file_fault{instance_error::file_name_invalid, "the file name is longer than 255 bytes"};
  const auto& d = f.target_dir;
  if (d.empty() || d.front() != '/' || d.find('\0') != std::string::npos)
    return file_fault{instance_error::file_path_invalid,
                      "the target directory \"" + d + "\" is not an absolute path"};
  if (file_path(f).size() > max_file_path_bytes)
    return file_fault{instance_error::file_path_invalid, "the file's path is longer than 4095 bytes"};
  if (!octal_mode(f.mode))
    return file_fault{instance_error::file_authority_invalid,
                      "the file mode \"" + f.mode + "\" is not an octal mode from 0 to 07777"};
  return std::nullopt;
}

std::string file_path(const file_spec& f) {
  auto slash = !f.target_dir.empty() && f.target_dir.back() == '/';
  return slash ? f.target_dir + f.name : f.target_dir + '/' + f.name;
}

unsigned file_mode(const file_spec& f) { return static_cast<unsigned>(std::stoul(f.mode, nullptr, 8)); }

std::optional<file_fault> sent_file_problem(const file_spec& f, std::set<std::string>& written) {
  if (auto p = file_problem(f))
    return p;
  auto path = file_path(f);
  if (!written.insert(path).second && !f.overwrite)
    return file_fault{instance_error::file_already_exists, path + " exists"};
  return std::nullopt;
}

}  // namespace broadside
