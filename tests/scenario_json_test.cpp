#include "sim/scenario_json.hpp"
#include "sim/simulation.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <variant>

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
       "allow_security_group, block_network, deny_security_group, deregister, kill_scripts, power_off, "
       "power_on, reboot, release, set_latency, unblock_network"},
      {"/commands/0/command_id", "abc", "commands[0].command_id: \"abc\" is not a UUID"},
  };
  for (const auto& c : cases) {
    auto doc = minimal();
    doc[json::json_pointer(c.pointer)] = c.value;
    EXPECT_EQ(error_of(doc), c.expected) << c.pointer;
  }
}

TEST(ScenarioJson, IntegerLimitsStandForTheirWireText) {
  auto doc = minimal();
  doc["commands"][0]["max_concurrency"] = 10;
  doc["commands"][0]["max_errors"] = 0;
  auto s = parse_scenario(doc);
  EXPECT_EQ(s.commands[0].command.max_concurrency, "10");
  EXPECT_EQ(s.commands[0].command.max_errors, "0");
  doc["commands"][0]["max_concurrency"] = 0;
  EXPECT_EQ(error_of(doc),
            "commands[0].max_concurrency: \"0\" is not a count >= 1 or a percentage 1%..100%");
}

// A distributed group, a plain one, and a reboot wave over a share of the web
// tier spread over four seconds.
json with_faults() {
  return json::parse(R"({
    "seed": 3,
    "fleet": [
      {"count": 4, "tags": {"role": "web"},
       "behaviour": {"model": "distributed", "offline_share": 0.1,
                     "latency_ms": {"dist": "uniform", "min": 5, "max": 50},
                     "exec_ms": {"dist": "lognormal", "median": 2000, "sigma": 0.5},
                     "exit_code": {"0": 0.9, "1": 0.1},
                     "output_bytes": {"dist": "exponential", "mean": 500}}},
      {"count": 2, "id_base": 4, "tags": {"role": "db"}}],
    "commands": [{"targets": [{"Key": "tag:role", "Values": ["web", "db"]}]}],
    "faults": [{"from_ms": 1000, "to_ms": 5000, "action": "reboot", "duration_ms": 3000,
                "targets": [{"Key": "tag:role", "Values": ["web"]}], "share": 0.5}]
  })");
}

TEST(ScenarioJson, DistributionsAndFaultSelectorsParse) {
  auto s = parse_scenario(with_faults());
  const auto& b = std::get<distributed_behaviour>(s.fleet[0].behaviour);
  EXPECT_EQ(b.seed, group_seed(3, 0));
  EXPECT_DOUBLE_EQ(b.offline_share, 0.1);
  EXPECT_EQ(b.latency_ms.kind, distribution::shape::uniform);
  EXPECT_EQ(b.latency_ms.min, 5);
  EXPECT_EQ(b.latency_ms.max, 50);
  EXPECT_EQ(b.exec_ms.kind, distribution::shape::lognormal);
  EXPECT_DOUBLE_EQ(b.exec_ms.a, 2000);
  EXPECT_EQ(b.exit_code.kind, distribution::shape::choice);
  ASSERT_EQ(b.exit_code.choices.size(), 2u);
  EXPECT_DOUBLE_EQ(b.exit_code.choices.back().second, 1.0);
  ASSERT_TRUE(b.output_bytes);
  EXPECT_EQ(b.output_bytes->kind, distribution::shape::exponential);
  ASSERT_EQ(s.faults.size(), 1u);
  const auto& f = s.faults[0];
  EXPECT_EQ(f.at_ms, 1000);
  EXPECT_EQ(f.to_ms, std::optional<int64_t>{5000});
  EXPECT_EQ(f.share, std::optional<double>{0.5});
  ASSERT_EQ(f.targets.size(), 1u);
  EXPECT_EQ(f.targets[0].key, "tag:role");
  auto r = run_simulation(s);
  EXPECT_TRUE(r.complete);
}

TEST(ScenarioJson, DistributionAndFaultErrorsNameThePlace) {
  struct bad_case {
    std::vector<std::pair<std::string, json>> edits;  // null: remove the key
    std::string expected;
  };
  const std::string behaviour = "/fleet/0/behaviour";
  std::vector<bad_case> cases{
      {{{behaviour + "/exec_ms/dist", "poisson"}},
       "fleet[0].behaviour.exec_ms.dist: \"poisson\" is not one of uniform, normal, lognormal, "
       "exponential"},
      {{{behaviour + "/exec_ms/sigma", -1}},
       "fleet[0].behaviour.exec_ms.sigma: -1 is not a number in 0..10"},
      {{{behaviour + "/exec_ms/median", 0}},
       "fleet[0].behaviour.exec_ms.median: 0 is not a number > 0 and <= 2592000000"},
      {{{behaviour + "/exec_ms/sigma", nullptr}},
       "fleet[0].behaviour.exec_ms.sigma: is required"},
      {{{behaviour + "/exec_ms/mean", 3}}, "fleet[0].behaviour.exec_ms.mean: unknown key"},
      {{{behaviour + "/latency_ms/max", 1}}, "fleet[0].behaviour.latency_ms.max: 1 is below min 5"},
      {{{behaviour + "/latency_ms/min", nullptr}},
       "fleet[0].behaviour.latency_ms.min: is required for a uniform distribution"},
      {{{behaviour + "/exit_code", json::parse(R"({"0": 0.9, "300": 0.1})")}},
       "fleet[0].behaviour.exit_code.300: is not a whole number in 0..255"},
      {{{behaviour + "/exit_code", json::parse(R"({"0": 0})")}},
       "fleet[0].behaviour.exit_code.0: 0 is not a weight above 0"},
      {{{behaviour + "/exit_code", json::object()}},
       "fleet[0].behaviour.exit_code: has nothing to choose from"},
      {{{behaviour + "/exit_code", "zero"}},
       "fleet[0].behaviour.exit_code: \"zero\" is not an integer, a distribution or a weighted "
       "choice"},
      {{{behaviour + "/output_bytes", 2'000'000}},
       "fleet[0].behaviour.output_bytes: 2000000 is not in 0..1048576"},
      {{{behaviour + "/offline_share", 1.5}},
       "fleet[0].behaviour.offline_share: 1.5 is not a number in 0..1"},
      {{{behaviour + "/model", "random"}},
       "fleet[0].behaviour.model: \"random\" is not one of fixed, fanout, distributed"},
      {{{"/faults/0/share", 1.5}}, "faults[0].share: 1.5 is not a number in 0..1"},
      {{{"/faults/0/to_ms", 500}}, "faults[0].to_ms: 500 is before from_ms 1000"},
      {{{"/faults/0/to_ms", nullptr}}, "faults[0].to_ms: is required with from_ms"},
      {{{"/faults/0/at_ms", 5}}, "faults[0]: give at_ms, or from_ms and to_ms, not both"},
      {{{"/faults/0/count", 1}}, "faults[0]: give at most one of share and count"},
      {{{"/faults/0/share", nullptr}, {"/faults/0/count", 9}},
       "faults[0].count: 9 is more than the 4 nodes selected"},
      {{{"/faults/0/targets/0/Values/0", "cache"}}, "faults[0].targets: match no node"},
      {{{"/faults/0/targets", nullptr},
        {"/faults/0/instance_ids", json::array({"i-00000000000000001", "i-00000000000000099"})}},
       "faults[0].instance_ids[1]: \"i-00000000000000099\" is not a node of the fleet"},
      {{{"/faults/0/all", true}}, "faults[0]: give exactly one of instance_ids, targets and all"},
      {{{"/faults/0/targets", nullptr}}, "faults[0]: give exactly one of instance_ids, targets and all"},
      {{{"/faults/0/all", false}}, "faults[0].all: must be true when given"},
      {{{"/faults/0/latency_ms", 5}}, "faults[0].latency_ms: does not apply to reboot"},
      {{{"/faults/0/action", "power_off"}}, "faults[0].duration_ms: does not apply to power_off"},
      {{{"/faults/0/action", "agent_upgrade"}},
       "faults[0].agent_version: is required for agent_upgrade"},
      {{{"/faults/0/action", "set_latency"}}, "faults[0].latency_ms: is required for set_latency"},
  };
  for (const auto& c : cases) {
    auto doc = with_faults();
    for (const auto& [pointer, value] : c.edits) {
      json::json_pointer at{pointer};
      if (value.is_null())
        doc[at.parent_pointer()].erase(at.back());
      else
        doc[at] = value;
    }
    EXPECT_EQ(error_of(doc), c.expected) << c.edits.front().first;
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

TEST(ScenarioJson, NumbersReadFromAFileHaveTheirLowerBoundsChecked) {
  // Parsed from text, 10 is an unsigned number; set in code, a signed one.
  auto doc = minimal();
  doc["commands"][0]["timeout_seconds"] = json::parse("10");
  ASSERT_TRUE(doc["commands"][0]["timeout_seconds"].is_number_unsigned());
  EXPECT_EQ(error_of(doc), "commands[0].timeout_seconds: 10 is not in 30..2592000");
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
