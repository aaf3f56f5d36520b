// Runs in a container: the target's form (every instance), which container
// of a simulated instance it names, and what a simulated fleet and a real
// agent answer.

#include "actors/container_target.hpp"
#include "sim/scenario_json.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace broadside {
namespace {

const std::string hex64(64, 'a');

TEST(ContainerTarget, NamesAndIdsHaveTheirForms) {
  using e = instance_error;
  EXPECT_EQ(container_target_problem("", ""), e::none);
  EXPECT_EQ(container_target_problem("", "web-1.v2_a"), e::none);
  EXPECT_EQ(container_target_problem("", "-web"), e::invalid_container_name) << "starts with a letter or digit";
  EXPECT_EQ(container_target_problem("", "web/1"), e::invalid_container_name);
  EXPECT_EQ(container_target_problem("", std::string(256, 'w')), e::invalid_container_name);
  EXPECT_EQ(container_target_problem("", std::string(255, 'w')), e::none);
  EXPECT_EQ(container_target_problem(hex64, ""), e::none);
  for (const char* runtime : {"docker://", "containerd://", "cri-o://"})
    EXPECT_EQ(container_target_problem(runtime + hex64, ""), e::none) << runtime;
  EXPECT_EQ(container_target_problem("podman://" + hex64, ""), e::unsupported_container_runtime);
  EXPECT_EQ(container_target_problem(hex64.substr(1), ""), e::invalid_container_id);
  EXPECT_EQ(container_target_problem("docker://" + hex64 + "0", ""), e::invalid_container_id);
  EXPECT_EQ(container_target_problem(std::string(63, 'a') + "g", ""), e::invalid_container_id);
}

TEST(ContainerTarget, ATargetNamesOneRunningContainer) {
  using e = instance_error;
  const std::string a(64, 'a'), b(64, 'b'), c(64, 'c'), d(64, 'd');
  std::vector<container> on_node{{a, "web"}, {b, "db"}, {c, "db"}, {d, "batch", "exited"}};
  EXPECT_EQ(container_resolution_problem(on_node, a, ""), e::none);
  EXPECT_EQ(container_resolution_problem(on_node, "docker://" + std::string(64, 'A'), "web"), e::none)
      << "the runtime and the case of the hex digits do not matter";
  EXPECT_EQ(container_resolution_problem(on_node, "", "web"), e::none);
  EXPECT_EQ(container_resolution_problem(on_node, std::string(64, 'e'), ""), e::container_not_found);
  EXPECT_EQ(container_resolution_problem(on_node, "", "cache"), e::container_not_found);
  EXPECT_EQ(container_resolution_problem(on_node, a, "db"), e::container_name_and_id_not_match);
  EXPECT_EQ(container_resolution_problem(on_node, "", "db"), e::container_name_duplicated);
  EXPECT_EQ(container_resolution_problem(on_node, b, "db"), e::none) << "the id settles it";
  EXPECT_EQ(container_resolution_problem(on_node, "", "batch"), e::container_state_abnormal);
  EXPECT_EQ(container_resolution_problem({}, a, ""), e::container_not_found);
}

// A simulated fleet: each command aims at a container and gets the code its
// instance finds.
TEST(ContainerTarget, SimulatedNodesResolveTheirContainers) {
  auto doc = nlohmann::json::parse(R"({
    "fleet": [{"count": 1, "containers": [
      {"id": ")" + std::string(64, 'a') + R"(", "name": "web"},
      {"id": ")" + std::string(64, 'b') + R"(", "name": "db"},
      {"id": ")" + std::string(64, 'c') + R"(", "name": "db"},
      {"id": ")" + std::string(64, 'd') + R"(", "name": "batch", "state": "exited"}]},
      {"count": 1, "id_base": 1}],
    "commands": []})");
  auto s = sim::parse_scenario(doc);
  std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cases{
      {{"", "web"}, ""},
      {{"containerd://" + std::string(64, 'a'), ""}, ""},
      {{"", "nope"}, "ContainerNotFound"},
      {{std::string(64, 'a'), "db"}, "ContainerNameAndIdNotMatch"},
      {{"", "db"}, "ContainerNameDuplicated"},
      {{"", "batch"}, "ContainerStateAbnormal"},
      {{"", "-bad"}, "InvalidContainerName"},
      {{"rkt://" + std::string(64, 'a'), ""}, "UnsupportedContainerRuntime"},
      {{"abc", ""}, "InvalidContainerId"},
  };
  for (size_t k = 0; k < cases.size(); ++k) {
    auto c = test::command_to_all("100%", "100%");
    c.command.command_id = make_uuid_v4(k + 1, 5);
    c.command.instance_ids = {test::node_id(0), test::node_id(1)};
    c.command.targets.clear();
    c.command.cloud_assistant.container_id = cases[k].first.first;
    c.command.cloud_assistant.container_name = cases[k].first.second;
    s.commands.push_back(c);
  }
  auto r = test::run(s);
  std::map<std::pair<uuid, uint32_t>, invocation_update> last;
  for (const auto& u : r.invocations)
    last[{u.command_id, u.target}] = u;
  for (size_t k = 0; k < cases.size(); ++k) {
    const auto& with = last.at({s.commands[k].command.command_id, 0});
    EXPECT_EQ(std::string{wire_name(with.error)}, cases[k].second) << k;
    EXPECT_EQ(with.details, cases[k].second.empty() ? invocation_details::success
                                                    : invocation_details::failed) << k;
    const auto& without = last.at({s.commands[k].command.command_id, 1});
    auto malformed = k >= 6;
    EXPECT_EQ(std::string{wire_name(without.error)},
              malformed ? cases[k].second : std::string{"ContainerNotFound"})
        << "an instance without containers, case " << k;
  }
}

TEST(ContainerTarget, ScenarioContainersAreChecked) {
  EXPECT_THROW(sim::parse_scenario(nlohmann::json::parse(
                   R"({"fleet": [{"containers": [{"id": "abc", "name": "web"}]}], "commands": []})")),
               sim::scenario_error);
}

}  // namespace
}  // namespace broadside
