// SSM's timestamps and durations as GetCommandInvocation writes them, and
// output heads cut at a character boundary (api/ssm_shapes).

#include "api/ssm_shapes.hpp"
#include "api/utf8_head.hpp"

#include <gtest/gtest.h>

namespace {

using namespace broadside::api;

TEST(SsmShapes, IsoTimes) {
  EXPECT_EQ(iso_time(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso_time(1582136283419), "2020-02-19T18:18:03.419Z");  // the model's example
  EXPECT_EQ(iso_time(1795392000007), "2026-11-23T00:00:00.007Z");
  EXPECT_EQ(iso_time(253402300799999), "9999-12-31T23:59:59.999Z");
}

TEST(SsmShapes, IsoDurations) {
  EXPECT_EQ(iso_duration(0), "PT0.000S");
  EXPECT_EQ(iso_duration(91), "PT0.091S");
  EXPECT_EQ(iso_duration(59'999), "PT59.999S");
  EXPECT_EQ(iso_duration(3'723'004), "PT1H2M3.004S");
  EXPECT_EQ(iso_duration(3'600'000), "PT1H0.000S");
  EXPECT_EQ(iso_duration(120'500), "PT2M0.500S");
}

TEST(SsmShapes, OutputHeadsEndAtACharacter) {
  EXPECT_EQ(utf8_head("abc", 5), "abc");
  EXPECT_EQ(utf8_head("abc", 2), "ab");
  EXPECT_EQ(utf8_head("a\xE2\x82\xAC", 3), "a");  // € is three bytes
  EXPECT_EQ(utf8_head("a\xE2\x82\xAC", 4), "a\xE2\x82\xAC");
}

}  // namespace
