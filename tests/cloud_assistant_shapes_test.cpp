// Cloud Assistant's Output and Dropped: standard error after standard
// output, cut at 24 KB without splitting a character, and Dropped counting
// both what was cut here and what the agent never kept.

#include "api/base64.hpp"
#include "api/cloud_assistant_shapes.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace broadside::api {
namespace {

command_view finished_command() {
  command_view c;
  c.request = std::make_shared<const send_command>();
  c.details = command_details::success;
  return c;
}

invocation_view finished(std::string out, std::string err, uint64_t dropped) {
  invocation_view i;
  i.instance_id = "i-0123456789abcdef0";
  i.details = invocation_details::success;
  i.response_code = 0;
  i.start_ms = 1'000;
  i.end_ms = 2'000;
  i.standard_output = std::move(out);
  i.standard_error = std::move(err);
  i.output_dropped = dropped;
  return i;
}

TEST(CloudAssistantShapes, OutputIsBothStreamsWhileItFits) {
  auto r = invocation_result_json(finished_command(), finished("out\n", "err\n", 0), {false});
  EXPECT_EQ(r["Output"], "out\nerr\n");
  EXPECT_EQ(r["Dropped"], 0);
  auto encoded = invocation_result_json(finished_command(), finished("out\n", "", 0), {true});
  EXPECT_EQ(encoded["Output"], encode_base64("out\n"));
}

TEST(CloudAssistantShapes, OutputIsCutAt24KBAndDroppedCountsTheRest) {
  // 24,575 bytes, then a three-byte character that would straddle the cut.
  auto out = std::string(24 * 1024 - 1, 'x') + "\xE2\x82\xAC";
  auto r = invocation_result_json(finished_command(), finished(out, "error\n", 6'000), {false});
  EXPECT_EQ(r["Output"], std::string(24 * 1024 - 1, 'x'));
  EXPECT_EQ(r["Dropped"], 3 + 6 + 6'000) << "the cut character, standard error, the agent's loss";
}

}  // namespace
}  // namespace broadside::api
