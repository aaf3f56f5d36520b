#pragma once

// A file Cloud Assistant's SendFile puts on an instance: everything but its
// content, which travels as a script does (run_document::commands, with its
// content_encoding), so a file and a script share one way of carrying text.
// Kept as the request gave it: the instance, not the service, judges it
// (actors/file_problem.hpp), as Cloud Assistant's agent does.

#include <string>

namespace broadside {

struct file_spec {
  std::string name;        // the file's name in target_dir
  std::string target_dir;  // absolute; created if missing
  std::string owner = "root";
  std::string group = "root";
  std::string mode = "0644";  // as chmod takes it, in octal
  bool overwrite = false;     // else an existing file is FileAlreadyExists
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, file_spec& x) {
  return f(x.name, x.target_dir, x.owner, x.group, x.mode, x.overwrite);
}

}  // namespace broadside
