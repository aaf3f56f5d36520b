// api/json_text: the same text as nlohmann's dump() for valid documents, and
// U+FFFD for every byte of a string that starts no valid UTF-8 sequence.

#include "api/json_text.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace {

using broadside::api::json_text;
using broadside::api::json_writer;
using nlohmann::json;

const std::string fffd = "\xEF\xBF\xBD";

std::string random_string(std::mt19937& rng) {
  static const std::string pieces[] = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\r", "\b",
                                       "\f", std::string(1, '\x01'), "\x1f", "\x7f", "é",
                                       "€", "😀", "日本"};
  std::string s;
  auto n = rng() % 12;
  for (size_t i = 0; i < n; ++i)
    s += pieces[rng() % std::size(pieces)];
  return s;
}

json random_document(std::mt19937& rng, int depth) {
  switch (depth <= 0 ? rng() % 6 : rng() % 8) {
    case 0: return random_string(rng);
    case 1: return static_cast<int64_t>(rng()) - (int64_t{1} << 31);
    case 2: return rng() % 2 == 0 ? json(std::numeric_limits<uint64_t>::max())
                                  : json(std::numeric_limits<int64_t>::min());
    case 3: return rng() % 2 == 0;
    case 4: return nullptr;
    case 5: return static_cast<double>(rng()) / 1000.0;
    case 6: {
      auto a = json::array();
      for (auto n = rng() % 4; n > 0; --n)
        a.push_back(random_document(rng, depth - 1));
      return a;
    }
    default: {
      auto o = json::object();
      for (auto n = rng() % 4; n > 0; --n)
        o[random_string(rng)] = random_document(rng, depth - 1);
      return o;
    }
  }
}

TEST(JsonText, SameAsDumpForValidDocuments) {
  std::mt19937 rng{7};
  for (int i = 0; i < 2000; ++i) {
    auto doc = random_document(rng, 4);
    ASSERT_EQ(json_text(doc), doc.dump()) << "document " << i;
  }
  EXPECT_EQ(json_text(json::object()), "{}");
  EXPECT_EQ(json_text(json::array()), "[]");
  EXPECT_EQ(json_text(json{{"b", 1}, {"a", "x"}}), R"({"a":"x","b":1})");
}

TEST(JsonText, InvalidUtf8BecomesReplacementCharacters) {
  auto text = [](const std::string& s) { return json_text(json(s)); };
  EXPECT_EQ(text("a\xff" "b"), "\"a" + fffd + "b\"");
  EXPECT_EQ(text("\xE2\x82"), "\"" + fffd + fffd + "\"");          // cut short
  EXPECT_EQ(text("\xC0\xAF"), "\"" + fffd + fffd + "\"");          // overlong '/'
  EXPECT_EQ(text("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // a surrogate
  EXPECT_EQ(text("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
  EXPECT_EQ(text("\x80"), "\"" + fffd + "\"");                     // a lone continuation
  EXPECT_EQ(text("ok \xF0\x9F\x98\x80 \xE2\x82\xAC"), "\"ok \xF0\x9F\x98\x80 \xE2\x82\xAC\"");
  // Whatever the bytes, the text is JSON that reads back.
  std::mt19937 rng{11};
  for (int i = 0; i < 1000; ++i) {
    std::string bytes;
    for (auto n = rng() % 16; n > 0; --n)
      bytes.push_back(static_cast<char>(rng()));
    auto back = json::parse(text(bytes), nullptr, false);
    ASSERT_FALSE(back.is_discarded()) << i;
    EXPECT_TRUE(back.is_string());
  }
}

TEST(JsonWriter, WritesWhatTheSameDocumentDumpsTo) {
  json_writer w;
  w.begin_object()
      .key("a").string("x\"y")
      .key("b").number(-42)
      .key("c").boolean(false)
      .key("d").begin_array().number(1).string("two").begin_object().end_object().end_array()
      .key("e").begin_object().key("f").document(json{{"g", {1, 2}}}).end_object()
      .key("h").begin_array().end_array()
  .end_object();
  json expected = {{"a", "x\"y"}, {"b", -42}, {"c", false},
                   {"d", {1, "two", json::object()}}, {"e", {{"f", {{"g", {1, 2}}}}}},
                   {"h", json::array()}};
  EXPECT_EQ(w.take(), expected.dump());
}

}  // namespace
