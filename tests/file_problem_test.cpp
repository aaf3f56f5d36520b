// The checks of a sent file that simulated nodes and real agents share
// (actors/file_problem.hpp): each rule at its boundary, their order, and the
// FileAlreadyExists of an instance that remembers only the paths it was sent.

#include "actors/file_problem.hpp"

#include <gtest/gtest.h>

#include <string>

namespace broadside::test {
namespace {

file_spec spec(std::string name, std::string dir = "/tmp", std::string mode = "0644") {
  file_spec f;
  f.name = std::move(name);
  f.target_dir = std::move(dir);
  f.mode = std::move(mode);
  return f;
}

std::string_view problem(const file_spec& f) {
  auto p = file_problem(f);
  return p ? wire_name(p->error) : "none";
}

TEST(FileProblem, ANameIsOneComponentOfAtMost255Bytes) {
  EXPECT_EQ(problem(spec("a.txt")), "none");
  EXPECT_EQ(problem(spec(".hidden")), "none");
  EXPECT_EQ(problem(spec("...")), "none");
  EXPECT_EQ(problem(spec(std::string(255, 'x'))), "none");
  EXPECT_EQ(problem(spec(std::string(256, 'x'))), "FileNameInvalid");
  EXPECT_EQ(problem(spec("")), "FileNameInvalid");
  EXPECT_EQ(problem(spec(".")), "FileNameInvalid");
  EXPECT_EQ(problem(spec("..")), "FileNameInvalid");
  EXPECT_EQ(problem(spec("a/b")), "FileNameInvalid");
  EXPECT_EQ(problem(spec("/")), "FileNameInvalid");
  EXPECT_EQ(problem(spec(std::string{"a\0b", 3})), "FileNameInvalid");
}

TEST(FileProblem, TheTargetDirectoryIsAnAbsolutePathAndTheWholePathFitsPathMax) {
  EXPECT_EQ(problem(spec("f", "/")), "none");
  EXPECT_EQ(file_path(spec("f", "/")), "/f");
  EXPECT_EQ(file_path(spec("f", "/srv/")), "/srv/f");
  EXPECT_EQ(file_path(spec("f", "/srv")), "/srv/f");
  EXPECT_EQ(problem(spec("f", "relative/dir")), "FilePathInvalid");
  EXPECT_EQ(problem(spec("f", "")), "FilePathInvalid");
  EXPECT_EQ(problem(spec("f", std::string{"/a\0b", 4})), "FilePathInvalid");
  // "/" + dir + "/f": 4095 bytes fit, 4096 do not.
  EXPECT_EQ(problem(spec("f", "/" + std::string(4092, 'd'))), "none");
  EXPECT_EQ(problem(spec("f", "/" + std::string(4093, 'd'))), "FilePathInvalid");
}

TEST(FileProblem, TheModeIsOctalFromZeroTo07777) {
  for (auto mode : {"0", "644", "0644", "00644", "4755", "7777", "07777"})
    EXPECT_EQ(problem(spec("f", "/tmp", mode)), "none") << mode;
  for (auto mode : {"", "10000", "0999", "8", "rw-r--r--", "-644", " 644", "0x1ff", "0777777777777"})
    EXPECT_EQ(problem(spec("f", "/tmp", mode)), "FileAuthorityInvalid") << mode;
  EXPECT_EQ(file_mode(spec("f", "/tmp", "4755")), 04755u);
}

TEST(FileProblem, TheNameIsJudgedBeforeThePathAndThePathBeforeTheMode) {
  EXPECT_EQ(problem(spec("..", "relative", "9")), "FileNameInvalid");
  EXPECT_EQ(problem(spec("f", "relative", "9")), "FilePathInvalid");
}

TEST(FileProblem, AnInstanceWithoutFilesRefusesASecondSendOfAPathWithoutOverwrite) {
  std::set<std::string> written;
  auto f = spec("a.txt", "/srv");
  EXPECT_FALSE(sent_file_problem(f, written));
  auto again = sent_file_problem(f, written);
  ASSERT_TRUE(again);
  EXPECT_EQ(wire_name(again->error), "FileAlreadyExists");
  f.overwrite = true;
  EXPECT_FALSE(sent_file_problem(f, written));
  EXPECT_FALSE(sent_file_problem(spec("a.txt", "/srv/other"), written));
  // A refused send writes nothing: the same path is free afterwards.
  auto bad = spec("b.txt", "/srv", "9");
  EXPECT_EQ(wire_name(sent_file_problem(bad, written)->error), "FileAuthorityInvalid");
  bad.mode = "0600";
  EXPECT_FALSE(sent_file_problem(bad, written));
}

}  // namespace
}  // namespace broadside::test
