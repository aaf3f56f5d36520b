// Periodic commands in simulation (sim/scenario_driver + actors/schedule_actor):
// each fire of a schedule is a command of its own in the outputs, a year of
// daily runs plays in virtual time, schedules stop at until_ms, after `runs`
// and at a cancel (StopInvocation), and scenario files are checked.

#include "sim/scenario_json.hpp"
#include "sim/sim_summary.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace broadside::test {
namespace {

constexpr int64_t day_ms = 86'400'000;

sim::scenario scheduled(const std::string& frequency, std::optional<int64_t> until_ms,
                        std::optional<uint32_t> runs = std::nullopt, int64_t exec_ms = 1'000) {
  sim::fixed_behaviour b;
  b.exec_ms = exec_ms;
  auto s = uniform_fleet(3, b);
  auto c = command_to_all();
  c.schedule = sim::command_schedule{frequency, until_ms, runs};
  s.commands.push_back(c);
  return s;
}

TEST(ScenarioSchedule, AYearOfDailyRunsIsThreeHundredSixtyFiveCommands) {
  auto r = run(scheduled("rate(1d)", 365 * day_ms + day_ms / 2));
  ASSERT_EQ(r.commands.size(), 365u);
  EXPECT_TRUE(r.complete);
  std::set<uuid> ids;
  for (uint32_t k = 0; k < 365; ++k) {
    const auto& u = r.commands[k];
    EXPECT_EQ(r.origins[k].command, 0u);
    EXPECT_EQ(r.origins[k].repeat, k + 1);
    EXPECT_EQ(u.details, command_details::success) << k;
    EXPECT_EQ(u.counts.completed_count, 3u) << k;
    EXPECT_EQ(u.requested_ms, (k + 1) * day_ms) << "the first run is one interval after creation";
    EXPECT_EQ(u.command_id, sim::scenario_run_id(1, 0, k + 1));
    ids.insert(u.command_id);
  }
  EXPECT_EQ(ids.size(), 365u);
  EXPECT_GT(r.end_ms, 365 * day_ms) << "the last run's completion";
  EXPECT_LT(r.end_ms, 365 * day_ms + 60'000);
  EXPECT_EQ(r.unexpected_messages, 0u);
}

// Runs of a rate() task on agents older than 2.2.3.282 fail with
// ClientNeedUpgrade without reaching them, until an agent update brings the
// node up to date; a classic cron runs on the old agents.
TEST(ScenarioSchedule, OldAgentsNeedAnUpgradeForRates) {
  auto s = scheduled("rate(1m)", std::nullopt, 3);
  s.commands[0].command.max_errors = "100%";
  s.fleet.front().inventory.agent_version = "2.2.2.0";
  auto upgrade = fault_at(70'000, sim::fault_action::agent_upgrade, {node_id(0)}, 5'000);
  upgrade.agent_version = "2.2.3.282";
  s.faults.push_back(upgrade);
  auto r = run(s);
  ASSERT_EQ(r.commands.size(), 3u);
  std::map<std::pair<uuid, uint32_t>, invocation_update> last;
  for (const auto& u : r.invocations)
    last[{u.command_id, u.target}] = u;
  for (uint32_t k = 0; k < 3; ++k) {
    for (uint32_t t = 0; t < 3; ++t) {
      const auto& u = last.at({r.commands[k].command_id, t});
      bool upgraded = t == 0 && k > 0;
      EXPECT_EQ(u.details, upgraded ? invocation_details::success : invocation_details::failed)
          << "run " << k + 1 << " target " << t;
      EXPECT_EQ(u.error, upgraded ? instance_error::none : instance_error::client_need_upgrade)
          << "run " << k + 1 << " target " << t;
      if (!upgraded) {
        EXPECT_EQ(u.start_ms, -1) << "never sent";
      }
    }
  }

  auto classic = scheduled("0 * * * * ?", std::nullopt, 2);
  classic.fleet.front().inventory.agent_version = "2.2.2.0";
  auto c = run(classic);
  ASSERT_EQ(c.commands.size(), 2u);
  for (const auto& u : c.commands)
    EXPECT_EQ(u.details, command_details::success);
}

TEST(ScenarioSchedule, UntilIsExclusiveAndRunsCountsRuns) {
  EXPECT_EQ(run(scheduled("rate(1h)", 3 * 3'600'000)).commands.size(), 2u)
      << "the fire at until_ms itself does not run";
  auto by_count = run(scheduled("rate(1h)", std::nullopt, 4));
  EXPECT_EQ(by_count.commands.size(), 4u);
  EXPECT_TRUE(by_count.complete);
}

TEST(ScenarioSchedule, AtRunsOnceAndEndsByItself) {
  auto r = run(scheduled("at(1970-01-02 00:00:00)", std::nullopt));
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0].requested_ms, day_ms);
  EXPECT_EQ(r.origins[0].repeat, 1u);
  EXPECT_TRUE(r.complete);
}

TEST(ScenarioSchedule, CancelStopsTheScheduleAndCancelsTheRunInProgress) {
  // Runs at 60 s, 120 s, ... each taking 30 s on every node at once: the
  // cancel at 130 s finds run 1 finished, run 2 in progress, and no run 3
  // ever starts.
  auto s = scheduled("rate(1m)", 3'600'000, std::nullopt, 30'000);
  s.commands[0].command.ramp = ramp_mode::none;
  s.commands[0].cancel_at_ms = 130'000;
  auto r = run(s);
  ASSERT_EQ(r.commands.size(), 2u);
  EXPECT_EQ(r.commands[0].details, command_details::success);
  EXPECT_EQ(r.commands[1].details, command_details::cancelled);
  EXPECT_TRUE(r.complete);
}

TEST(ScenarioSchedule, RunsComeAfterCommandsSentOnceInTheOutputs) {
  auto s = scheduled("rate(1m)", std::nullopt, 2);
  auto once = command_to_all();
  once.at_ms = 90'000;
  once.command.command_id = sim::scenario_command_id(1, 1);
  s.commands.push_back(once);
  auto r = run(s);
  ASSERT_EQ(r.commands.size(), 3u);
  EXPECT_EQ(r.commands[0].command_id, once.command.command_id);
  auto summary = sim::summary_document(s, r);
  const auto& commands = summary["commands"];
  EXPECT_FALSE(commands[0].contains("schedule"));
  EXPECT_EQ(commands[1]["command_id"], to_string(sim::scenario_run_id(1, 0, 1)));
  EXPECT_EQ(commands[1]["schedule"], 0);
  EXPECT_EQ(commands[1]["repeat"], 1);
  EXPECT_EQ(commands[2]["repeat"], 2);
}

TEST(ScenarioSchedule, TheSameSeedGivesTheSameTrace) {
  auto traced = [](uint64_t seed) {
    auto s = scheduled("0 0/20 * * * ? UTC", 2 * 3'600'000);
    s.seed = seed;
    runtime::trace t;
    auto r = run(s, &t);
    EXPECT_EQ(r.commands.size(), 5u);  // 00:20 .. 01:40
    return t.text();
  };
  auto first = traced(7);
  EXPECT_EQ(first, traced(7));
  EXPECT_NE(occurrences(first, "fire 5"), 0u);
  EXPECT_NE(first, traced(8)) << "run ids come from the seed";
}

TEST(ScenarioSchedule, CodeBuiltSchedulesAreCheckedBeforeTheRun) {
  EXPECT_THROW(run(scheduled("rate(1h)", std::nullopt)), std::invalid_argument);
  EXPECT_THROW(run(scheduled("rate(5x)", 3'600'000)), std::invalid_argument);
}

std::string load_error(const std::string& command_keys) {
  auto doc = nlohmann::json::parse(R"({"fleet": [{"count": 2}], "commands": [{"instance_ids": ["*"], )"
                                   + command_keys + "}]}");
  try {
    sim::parse_scenario(doc);
  } catch (const sim::scenario_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ScenarioSchedule, FilesNameTheScheduleErrorsPlace) {
  EXPECT_EQ(load_error(R"j("frequency": "rate(1h)", "until_ms": 7200000)j"), "no error");
  EXPECT_EQ(load_error(R"j("frequency": "rate(1h)", "repeat_mode": "Period", "runs": 2)j"), "no error");
  EXPECT_EQ(load_error(R"j("frequency": "at(1970-01-02 00:00:00)")j"), "no error");
  EXPECT_EQ(load_error(R"j("frequency": "rate(5x)", "runs": 2)j"),
            "commands[0].frequency: \"rate(5x)\" is InvalidRateExpression: "
            "The Rate expression is invalid. (rate(5x))");
  EXPECT_EQ(load_error(R"j("frequency": "0 0 12 * * ? 1969", "runs": 2)j")
                .rfind("commands[0].frequency: \"0 0 12 * * ? 1969\" is BadCronExpression: ", 0),
            0u);
  EXPECT_EQ(load_error(R"j("frequency": "rate(1h)")j"),
            "commands[0]: a rate or cron frequency needs until_ms or runs: it never ends by itself");
  EXPECT_EQ(load_error(R"j("frequency": "rate(1h)", "until_ms": 0, "at_ms": 10)j"),
            "commands[0].until_ms: 0 is not after at_ms 10");
  EXPECT_EQ(load_error(R"j("frequency": "rate(1h)", "runs": 0)j"),
            "commands[0].runs: 0 is not in 1..100000000");
  EXPECT_EQ(load_error(R"j("frequency": "rate(1h)", "runs": 2, "repeat_mode": "Once")j"),
            "commands[0].repeat_mode: \"Once\" with a frequency: a frequency makes the mode Period");
  EXPECT_EQ(load_error(R"j("repeat_mode": "Period")j"), "commands[0].repeat_mode: \"Period\" needs a frequency");
  EXPECT_EQ(load_error(R"j("repeat_mode": "EveryReboot")j"),
            "commands[0].repeat_mode: \"EveryReboot\" (runs triggered by reboots) is not simulated");
  EXPECT_EQ(load_error(R"j("runs": 2)j"), "commands[0].runs: applies only to a command with a frequency");
}

}  // namespace
}  // namespace broadside::test
