#include "messages/uuid.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

TEST(Uuid, FormatsAndParsesTheCanonicalForm) {
  auto id = make_uuid_v4(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
  auto text = to_string(id);
  EXPECT_EQ(text, "01234567-89ab-4def-bedc-ba9876543210");
  EXPECT_EQ(parse_uuid(text), id);
  EXPECT_EQ(parse_uuid("01234567-89AB-4DEF-BEDC-BA9876543210"), id);
}

TEST(Uuid, RejectsAnythingElse) {
  for (auto bad : {"", "01234567-89ab-4def-bedc-ba987654321", "01234567089ab-4def-bedc-ba9876543210",
                   "0123456g-89ab-4def-bedc-ba9876543210"})
    EXPECT_FALSE(parse_uuid(bad)) << bad;
}

}  // namespace
}  // namespace broadside
