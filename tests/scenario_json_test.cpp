#include "sim/scenario_json.hpp"
#include "sim/simulation.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace broadside::sim {
namespace {

using nlohmann::json;

json minimal() {
  return json::parse(R"({
    "seed": 3,
    "fleet": [{"count": 4, "tags": {"role": "web"}, "behaviour": {"model": "fixed", "exec_ms": 200}}],
    "commands": [{"targets": [{"Key": "tag:role", "Values": ["web"]}], "commands": ["uptime"],
                  "max_concurrency": "2", "max_errors": "0"}]
  })");
}

std::string error_of(const json& doc) {
  try {
    parse_scenario(doc);
  } catch (const scenario_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ScenarioJson, AMinimalScenarioParsesAndRuns) {
  auto s = parse_scenario(minimal());
  EXPECT_EQ(s.seed, 3u);
  ASSERT_EQ(s.fleet.size(), 1u);
  EXPECT_EQ(s.fleet[0].inventory.count, 4u);
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].command.commands, std::vector<std::string>{"uptime"});
  EXPECT_EQ(s.commands[0].command.command_id, scenario_command_id(3, 0));
  auto r = run_simulation(s);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.commands[0].details, command_details::success);
}

TEST(ScenarioJson, ErrorsNameThePlaceInTheFile) {
  struct bad_case {
    std::string pointer;
    json value;
    std::string expected;
  };
  std::vector<bad_case> cases{
      {"/commands/0/max_errors", "110%",
       "commands[0].max_errors: \"110%\" is not a count >= 0 or a percentage 0%..100%"},
      {"/commands/0/max_concurrency", "0",
       "commands[0].max_concurrency: \"0\" is not a count >= 1 or a percentage 1%..100%"},
      {"/commands/0/timeout_seconds", 10, "commands[0].timeout_seconds: 10 is not in 30..2592000"},
      {"/commands/0/ramp", "fast", "commands[0].ramp: \"fast\" is not one of exponential, none"},
      {"/commands/0/document_name", "AWS-Nope", "commands[0].document_name: \"AWS-Nope\" is not a known document"},
      {"/fleet/0/platform", "Plan9", "fleet[0].platform: \"Plan9\" is not one of Linux, Windows, MacOS"},
      {"/fleet/0/count", -1, "fleet[0].count: -1 is not in 1..50000000"},
      {"/fleet/0/behaviour/exit_code", "one", "fleet[0].behaviour.exit_code: \"one\" is not an integer"},
      {"/fleet/0/behavior", json::object(), "fleet[0].behavior: unknown key"},
      {"/faults", json::parse(R"([{"at_ms": 5, "action": "explode", "instance_ids": ["i-00000000000000000"]}])"),
       "faults[0].action: \"explode\" is not one of agent_restart, agent_start, agent_stop, agent_upgrade, "
       "block_network, deregister, power_off, power_on, reboot, release, set_latency, unblock_network"},
      {"/commands/0/command_id", "abc", "commands[0].command_id: \"abc\" is not a UUID"},
  };
  for (const auto& c : cases) {
    auto doc = minimal();
    doc[json::json_pointer(c.pointer)] = c.value;
    EXPECT_EQ(error_of(doc), c.expected) << c.pointer;
  }
}

TEST(ScenarioJson, StructuralErrors) {
  EXPECT_EQ(error_of(json::array()), "scenario: expected an object");
  auto doc = minimal();
  doc.erase("fleet");
  EXPECT_EQ(error_of(doc), "fleet: is required");
  doc = minimal();
  doc["commands"][0]["instance_ids"] = {"i-00000000000000000"};
  EXPECT_EQ(error_of(doc), "commands[0]: give exactly one of instance_ids and targets");
}

TEST(ScenarioJson, OverlappingNodeIdsAreAnError) {
  auto doc = minimal();
  doc["fleet"].push_back(json::parse(R"({"count": 2, "id_base": 3})"));
  EXPECT_EQ(error_of(doc), "fleet[1].id_base: its ids overlap those of fleet[0]");
  doc["fleet"][1]["id_base"] = 4;
  EXPECT_EQ(error_of(doc), "no error");
}

TEST(ScenarioJson, AnUnreadableFileIsAScenarioError) {
  EXPECT_THROW(load_scenario_file("/nonexistent/scenario.json"), scenario_error);
  auto path = std::filesystem::temp_directory_path() / "broadside-bad-scenario.json";
  {
    std::ofstream out{path};
    out << "{\"seed\": 1,";
  }
  try {
    load_scenario_file(path.string());
    FAIL() << "no error";
  } catch (const scenario_error& e) {
    EXPECT_NE(std::string{e.what()}.find("not valid JSON"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace broadside::sim
