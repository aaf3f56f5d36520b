#include "actors/agent_file.hpp"

#include "api/base64.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace broadside {

namespace {

namespace fs = std::filesystem;

file_fault fault(instance_error e, std::string reason) { return {e, std::move(reason)}; }

file_fault failed(const std::string& what) {
  return fault(instance_error::execution_exception, what + ": " + std::strerror(errno));
}

// The target directory, made if missing.
std::optional<file_fault> directory_problem(const std::string& dir) {
  std::error_code ec;
  auto status = fs::status(dir, ec);
  if (fs::is_directory(status))
    return std::nullopt;
  if (fs::exists(status))
    return fault(instance_error::file_path_invalid, dir + " is not a directory");
  if (!fs::create_directories(dir, ec) && ec)
    return fault(instance_error::file_path_invalid, "cannot create " + dir + ": " + ec.message());
  return std::nullopt;
}

// Writes `content` into a new temporary file in `dir`, owned and moded: its name.
std::variant<std::string, file_fault> temporary_file(const std::string& dir,
                                                     const std::string& content, uid_t uid,
                                                     gid_t gid, unsigned mode) {
  auto name = (fs::path{dir} / ".acs-sendfile.XXXXXX").string();
  int fd = ::mkstemp(name.data());
  if (fd < 0)
    return failed("cannot create a file in " + dir);
  auto problem = [&]() -> std::optional<file_fault> {
    for (size_t done = 0; done < content.size();) {
      auto n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return failed("cannot write " + name);
      done += static_cast<size_t>(n);
    }
    // chown before chmod: chown clears the set-id bits.
    if (::fchown(fd, uid, gid) != 0)
      return failed("cannot give the file to its owner and group");
    if (::fchmod(fd, mode) != 0)
      return failed("cannot set the file's mode");
    if (::fsync(fd) != 0)
      return failed("cannot sync " + name);
    return std::nullopt;
  }();
  ::close(fd);
  if (problem) {
    ::unlink(name.c_str());
    return *problem;
  }
  return name;
}

}  // namespace

std::variant<std::string, file_fault> file_content(const run_document& doc) {
  std::string text;
  for (const auto& part : doc.commands)
    text += part;
  if (doc.encoding == content_encoding::plain_text)
    return text;
  auto decoded = api::decode_base64(text);
  if (!decoded)
    return fault(instance_error::command_content_decode_error, "the file content is not valid Base64");
  return std::move(*decoded);
}

std::optional<file_fault> write_file(const run_document& doc) {
  const auto& f = doc.file;
  if (auto p = file_problem(f))
    return p;
  auto content = file_content(doc);
  if (auto* p = std::get_if<file_fault>(&content))
    return *p;
  auto* pw = ::getpwnam(f.owner.c_str());
  if (!pw)
    return fault(instance_error::account_not_exists, "the user " + f.owner + " does not exist");
  auto uid = pw->pw_uid;
  auto* gr = ::getgrnam(f.group.c_str());
  if (!gr)
    return fault(instance_error::user_group_not_exists, "the group " + f.group + " does not exist");
  auto gid = gr->gr_gid;
  if (auto p = directory_problem(f.target_dir))
    return p;
  auto path = file_path(f);
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0) {
    if (!f.overwrite)
      return fault(instance_error::file_already_exists, path + " exists");
    if (S_ISDIR(existing.st_mode))
      return fault(instance_error::file_path_invalid, path + " is a directory");
  }
  auto temp = temporary_file(f.target_dir, std::get<std::string>(content), uid, gid, file_mode(f));
  if (auto* p = std::get_if<file_fault>(&temp))
    return *p;
  const auto& from = std::get<std::string>(temp);
  // Without Overwrite, a file that appeared since the check above stays.
  auto flags = f.overwrite ? 0u : RENAME_NOREPLACE;
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, path.c_str(), flags) != 0) {
    auto error = errno == EEXIST ? fault(instance_error::file_already_exists, path + " exists")
                                 : failed("cannot rename the file onto " + path);
    ::unlink(from.c_str());
    return error;
  }
  return std::nullopt;
}

}  // namespace broadside
