// The AWS CLI's shorthand syntax (cli/shorthand) and what the model's shapes
// make of flag values (cli/aws_shape). Expected values are what awscli's
// ShorthandParser and BackCompatVisitor give for the same text.

#include "cli/aws_shape.hpp"
#include "cli/shorthand.hpp"

#include <gtest/gtest.h>

namespace broadside::cli {
namespace {

using nlohmann::json;

TEST(Shorthand, ListContinuesUntilTheNextKey) {
  EXPECT_EQ(parse_shorthand("Key=tag:role,Values=web,db"),
            json({{"Key", "tag:role"}, {"Values", {"web", "db"}}}));
  EXPECT_EQ(parse_shorthand("a=b,c,d=e"), json({{"a", {"b", "c"}}, {"d", "e"}}));
  EXPECT_EQ(parse_shorthand("Values=web"), json({{"Values", "web"}}));
}

TEST(Shorthand, ExplicitListsOfQuotedValues) {
  EXPECT_EQ(parse_shorthand(R"(commands=["a","b"])"), json({{"commands", {"a", "b"}}}));
  EXPECT_EQ(parse_shorthand(R"(commands=["echo a,b", 'x y', plain])"),
            json({{"commands", {"echo a,b", "x y", "plain"}}}));
  EXPECT_EQ(parse_shorthand("commands=[]"), json({{"commands", json::array()}}));
}

TEST(Shorthand, NestedQuotingAndEscapes) {
  EXPECT_EQ(parse_shorthand(R"(commands=["echo 'hi, there'"])"),
            json({{"commands", {"echo 'hi, there'"}}}));
  EXPECT_EQ(parse_shorthand(R"(c='it\'s',d="say \"hi\"")"),
            json({{"c", "it's"}, {"d", "say \"hi\""}}));
  EXPECT_EQ(parse_shorthand(R"(c='a\\b')"), json({{"c", "a\\b"}}));
  EXPECT_EQ(parse_shorthand(R"(c=a\,b,d=e)"), json({{"c", "a,b"}, {"d", "e"}}));
  // No closing quote: the pattern backtracks to the quote of the last \'.
  EXPECT_EQ(parse_shorthand(R"(c='ab\')"), json({{"c", "ab\\"}}));
}

TEST(Shorthand, HashLiteralsAndWhitespace) {
  EXPECT_EQ(parse_shorthand("location={type=S3,s3Location={bucketName=b,objectKey=k}}"),
            json({{"location", {{"type", "S3"}, {"s3Location", {{"bucketName", "b"},
                                                                 {"objectKey", "k"}}}}}}));
  EXPECT_EQ(parse_shorthand("a = x y , b = z  "), json({{"a", "x y"}, {"b", "z"}}));
  EXPECT_EQ(parse_shorthand("a=,b=c"), json({{"a", ""}, {"b", "c"}}));
  EXPECT_EQ(parse_shorthand("a=x=y"), json({{"a", "x=y"}}));
}

TEST(Shorthand, ErrorsSayWhatWasExpectedWhere) {
  try {
    parse_shorthand("Key=a,Values=[x");
    FAIL();
  } catch (const shorthand_error& e) {
    EXPECT_EQ(std::string{e.what()},
              "Expected: ',', received: 'EOF' for input:\nKey=a,Values=[x\n               ^");
  }
  EXPECT_THROW(parse_shorthand("Key"), shorthand_error);
  EXPECT_THROW(parse_shorthand("a=b]"), shorthand_error);
  EXPECT_THROW(parse_shorthand("a=b,a=c"), shorthand_error);
  EXPECT_THROW(parse_shorthand("commands=[a"), shorthand_error);
  EXPECT_THROW(parse_shorthand("c='abc"), shorthand_error);
  EXPECT_THROW(parse_shorthand("a=b,"), shorthand_error);
  EXPECT_THROW(parse_shorthand(""), shorthand_error);
}

const shape string_list = list_of(string_shape());
const shape target = structure_of({{"Key", &string_shape(), true}, {"Values", &string_list}});
const shape targets = list_of(target);
const shape parameters = map_of(string_list);
const shape options = structure_of({{"Count", &integer_shape()}, {"On", &boolean_shape()}});

TEST(FlagValue, ShorthandTakesTheMembersTypes) {
  EXPECT_EQ(flag_value({"Key=tag:role,Values=web"}, targets, "--targets"),
            json::parse(R"([{"Key": "tag:role", "Values": ["web"]}])"));
  EXPECT_EQ(flag_value({"Key=a,Values=x,y", "Key=b,Values=z"}, targets, "--targets"),
            json::parse(R"([{"Key": "a", "Values": ["x", "y"]}, {"Key": "b", "Values": ["z"]}])"));
  EXPECT_EQ(flag_value({"commands=uptime"}, parameters, "--parameters"),
            json::parse(R"({"commands": ["uptime"]})"));
  EXPECT_EQ(flag_value({"Count=3,On=TRUE"}, options, "--options"),
            json::parse(R"({"Count": 3, "On": true})"));
  EXPECT_THROW(flag_value({"Count=three"}, options, "--options"), input_error);
}

TEST(FlagValue, JsonAsGiven) {
  EXPECT_EQ(flag_value({R"([{"Key": "k", "Values": ["v"]}])"}, targets, "--targets"),
            json::parse(R"([{"Key": "k", "Values": ["v"]}])"));
  EXPECT_EQ(flag_value({R"( {"commands": ["a", "b"]})"}, parameters, "--parameters"),
            json::parse(R"({"commands": ["a", "b"]})"));
  EXPECT_EQ(flag_value({"i-1", "i-2"}, string_list, "--instance-ids"), json({"i-1", "i-2"}));
  EXPECT_EQ(flag_value({"42"}, integer_shape(), "--max-results"), json(42));
  EXPECT_THROW(flag_value({"4x"}, integer_shape(), "--max-results"), input_error);
  EXPECT_THROW(flag_value({"{nope"}, parameters, "--parameters"), input_error);
  EXPECT_THROW(flag_value({"a", "b"}, string_shape(), "--comment"), input_error);
}

TEST(Shape, SkeletonAndProblems) {
  auto input = structure_of({{"Targets", &targets}, {"Parameters", &parameters},
                             {"Name", &string_shape(), true}, {"Options", &options}});
  EXPECT_EQ(skeleton(input).dump(),
            R"({"Targets":[{"Key":"","Values":[""]}],"Parameters":{"KeyName":[""]},"Name":"",)"
            R"("Options":{"Count":0,"On":true}})");
  EXPECT_TRUE(input_problems(json::parse(R"({"Name": "n"})"), input).empty());
  auto problems = input_problems(
      json::parse(R"({"Targets": [{"Values": "x"}], "Colour": 1, "Options": {"Count": "1"}})"),
      input);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0], "Missing required parameter in input: \"Name\"");
  EXPECT_EQ(problems[1], "Unknown parameter in input: \"Colour\", must be one of: Targets, "
                         "Parameters, Name, Options");
  EXPECT_EQ(problems[2], "Invalid type for parameter Options.Count, value: \"1\", type: string, "
                         "valid types: integer");
  EXPECT_EQ(problems[3], "Missing required parameter in Targets[0]: \"Key\"");
  EXPECT_EQ(problems[4], "Invalid type for parameter Targets[0].Values, value: \"x\", type: "
                         "string, valid types: list");
}

}  // namespace
}  // namespace broadside::cli
