// The checks of input documents against model constraints, and the errors
// they give: AWS's message format, one error or several, type mismatches.

#include "api/validation.hpp"

#include <gtest/gtest.h>

namespace broadside::api {
namespace {

using json = nlohmann::json;

const value_pattern uuid_pattern{"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"};
const value_pattern name_pattern{"[A-Za-z0-9.@\\-_]+"};
const value_pattern queryable{"[a-zA-Z0-9_-]+"};
constexpr std::array<std::string_view, 3> owners{"AWS", "ThirdParty", "Custom"};

std::string message_of(const validator& v) {
  auto e = v.error();
  return e ? e->message : "";
}

std::string code_of(const validator& v) {
  auto e = v.error();
  return e ? e->code : "";
}

TEST(Validation, NothingWrongIsNoError) {
  json in = {{"jobId", "11111111-2222-3333-4444-555555555555"}, {"n", 3}};
  validator v;
  v.required("jobId", member(in, "jobId")).string("jobId", member(in, "jobId"), {0, SIZE_MAX, &uuid_pattern});
  v.integer("n", member(in, "n"), {1, 5});
  EXPECT_FALSE(v.error());
}

TEST(Validation, PatternMessage) {
  json in = {{"jobId", "abc"}};
  validator v;
  v.string("jobId", member(in, "jobId"), {0, SIZE_MAX, &uuid_pattern});
  EXPECT_EQ(code_of(v), "ValidationException");
  EXPECT_EQ(message_of(v),
            "1 validation error detected: Value 'abc' at 'jobId' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: "
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  EXPECT_EQ(v.error()->http_status, 400u);
}

TEST(Validation, UppercaseUuidsFailTheLowercasePattern) {
  EXPECT_TRUE(uuid_pattern.matches("11111111-2222-3333-4444-aaaaaaaaaaaa"));
  EXPECT_FALSE(uuid_pattern.matches("11111111-2222-3333-4444-AAAAAAAAAAAA"));
  EXPECT_FALSE(uuid_pattern.matches("11111111-2222-3333-4444-aaaaaaaaaaaa0"));
}

TEST(Validation, LengthMessages) {
  json in = {{"nonce", std::string(51, 'x')}, {"message", ""}};
  validator v;
  v.string("nonce", member(in, "nonce"), {1, 50, nullptr});
  v.string("failureDetails.message", member(in, "message"), {1, 5000, nullptr});
  EXPECT_EQ(message_of(v),
            "2 validation errors detected: Value '" + std::string(51, 'x')
                + "' at 'nonce' failed to satisfy constraint: Member must have length less than or "
                  "equal to 50; Value '' at 'failureDetails.message' failed to satisfy constraint: "
                  "Member must have length greater than or equal to 1");
}

TEST(Validation, LengthCountsCharactersNotBytes) {
  json in = {{"s", "\xC3\xA9\xC3\xA9"}};  // two characters, four bytes
  validator v;
  v.string("s", member(in, "s"), {0, 2, nullptr});
  EXPECT_FALSE(v.error());
}

TEST(Validation, RequiredMessageShowsNullUnquoted) {
  json in = json::object();
  validator v;
  v.required("jobId", member(in, "jobId")).string("jobId", member(in, "jobId"));
  EXPECT_EQ(message_of(v),
            "1 validation error detected: Value null at 'jobId' failed to satisfy constraint: "
            "Member must not be null");
  json with_null = {{"jobId", nullptr}};
  validator w;
  w.required("jobId", member(with_null, "jobId"));
  EXPECT_EQ(code_of(w), "ValidationException");
}

TEST(Validation, EnumMessageListsTheSetInModelOrder) {
  json in = {{"owner", "Me"}};
  validator v;
  v.enumeration("actionTypeId.owner", member(in, "owner"), owners);
  EXPECT_EQ(message_of(v),
            "1 validation error detected: Value 'Me' at 'actionTypeId.owner' failed to satisfy "
            "constraint: Member must satisfy enum value set: [AWS, ThirdParty, Custom]");
}

TEST(Validation, IntegerBounds) {
  json in = {{"maxBatchSize", 0}, {"percentComplete", 101}};
  validator v;
  v.integer("maxBatchSize", member(in, "maxBatchSize"), {1, std::nullopt});
  v.integer("executionDetails.percentComplete", member(in, "percentComplete"), {0, 100});
  EXPECT_EQ(message_of(v),
            "2 validation errors detected: Value '0' at 'maxBatchSize' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1; Value '101' at "
            "'executionDetails.percentComplete' failed to satisfy constraint: Member must have "
            "value less than or equal to 100");
}

TEST(Validation, ALengthAndAPatternFailureAreTwoErrors) {
  json in = {{"pipelineName", ""}};
  validator v;
  v.string("pipelineContext.pipelineName", member(in, "pipelineName"), {1, 100, &name_pattern});
  auto m = message_of(v);
  EXPECT_EQ(m.rfind("2 validation errors detected: Value '' at 'pipelineContext.pipelineName' "
                    "failed to satisfy constraint: Member must have length greater than or equal "
                    "to 1; Value '' at",
                    0),
            0u)
      << m;
  EXPECT_NE(m.find("Member must satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+"),
            std::string::npos);
}

TEST(Validation, MapSizeKeysAndValues) {
  json in = {{"queryParam", {{"a", "x y"}, {"b", "ok"}}}};
  validator v;
  v.string_map("queryParam", member(in, "queryParam"), {0, 1}, {1, 50, nullptr},
               {1, 50, &queryable});
  EXPECT_EQ(message_of(v),
            "2 validation errors detected: Value '{a=x y, b=ok}' at 'queryParam' failed to satisfy "
            "constraint: Member must have length less than or equal to 1; Value '{a=x y, b=ok}' "
            "at 'queryParam' failed to satisfy constraint: Map value must satisfy constraint: "
            "[Member must have length less than or equal to 50, Member must have length greater "
            "than or equal to 1, Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+]");
  json long_key = {{"q", {{std::string(51, 'k'), "v"}}}};
  validator w;
  w.string_map("queryParam", member(long_key, "q"), {0, 1}, {1, 50, nullptr}, {1, 50, &queryable});
  EXPECT_NE(message_of(w).find("Map keys must satisfy constraint: [Member must have length less "
                               "than or equal to 50, Member must have length greater than or "
                               "equal to 1]"),
            std::string::npos);
}

TEST(Validation, ListsForPascalCaseMembers) {
  json in = {{"InstanceIds", {"i-0123456789abcdef0", "bad id"}}};
  const value_pattern instance{"(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)"};
  validator v;
  v.string_list("InstanceIds", member(in, "InstanceIds"), {0, 50}, {0, 124, &instance});
  EXPECT_EQ(message_of(v),
            "1 validation error detected: Value '[i-0123456789abcdef0, bad id]' at 'InstanceIds' "
            "failed to satisfy constraint: Member must satisfy constraint: [Member must have "
            "length less than or equal to 124, Member must satisfy regular expression pattern: "
            "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)]");
}

TEST(Validation, WrongTypesAreASerializationExceptionTheFirstOnly) {
  json in = {{"jobId", 12}, {"maxBatchSize", "2"}, {"nonce", ""}};
  validator v;
  v.string("jobId", member(in, "jobId"));
  v.integer("maxBatchSize", member(in, "maxBatchSize"), {1, std::nullopt});
  v.string("nonce", member(in, "nonce"), {1, 50, nullptr});
  EXPECT_EQ(code_of(v), "SerializationException");
  EXPECT_EQ(message_of(v), "NUMBER_VALUE can not be converted to a String");
  validator w;
  w.integer("maxBatchSize", member(in, "maxBatchSize"), {1, std::nullopt});
  EXPECT_EQ(message_of(w), "STRING_VALUE can not be converted to an Integer");
}

TEST(Validation, StructuresAndListsOfTheWrongType) {
  json in = {{"failureDetails", "x"}, {"jobs", {{"a", 1}}}};
  validator v;
  EXPECT_EQ(v.structure(member(in, "failureDetails")), nullptr);
  EXPECT_EQ(code_of(v), "SerializationException");
  validator w;
  w.string("jobs", member(in, "jobs"));
  EXPECT_EQ(message_of(w), "Start of structure or map found where not expected.");
  validator x;
  json list = {{"a", json::array()}};
  x.string("a", member(list, "a"));
  EXPECT_EQ(message_of(x), "Start of list found where not expected");
  validator y;
  json when = {{"created", "yesterday"}};
  y.timestamp(member(when, "created"));
  EXPECT_EQ(code_of(y), "SerializationException");
}

TEST(Validation, RepeatedClassPatternsAreCheckedWithoutRegexOnLongValues) {
  std::string long_value(1'000'000, 'a');
  EXPECT_TRUE(name_pattern.matches(long_value));
  EXPECT_TRUE(name_pattern.matches("a.b@c-d_e"));
  EXPECT_FALSE(name_pattern.matches("a b"));
  EXPECT_FALSE(name_pattern.matches(""));
  EXPECT_TRUE(queryable.matches("Project_Name-1"));
  EXPECT_FALSE(queryable.matches("a.b"));
}

}  // namespace
}  // namespace broadside::api
