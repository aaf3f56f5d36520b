// Cloud Assistant's periodic tasks in the service (actors/periodic_invocation),
// in virtual time: the registry starts each fire's run as a command of its
// own, lists the task by its instances' latest runs, and a stop ends the
// schedule. A year of a daily schedule takes milliseconds. Reboot-triggered
// tasks (actors/reboot_invocation) the same way, their runs started by the
// boots the fleet reports.

#include "actors/command_registry.hpp"
#include "actors/fleet.hpp"
#include "actors/periodic_invocation.hpp"
#include "messages/fleet.hpp"
#include "messages/command_queries.hpp"
#include "sim/scenario.hpp"
#include "sim/sim_network.hpp"
#include "tests/virtual_time_requests.hpp"

#include <memory>

namespace broadside::test {
namespace {

constexpr int64_t day_ms = 86'400'000;

class PeriodicTask : public ::testing::Test {
 protected:
  PeriodicTask() {
    sim::fleet_group g;
    g.inventory.count = 2;
    g.behaviour = sim::fixed_behaviour{};
    model_.add(inventory_.add_group(g.inventory), g.inventory.count, g.behaviour);
    ctx_.clock = engine_.clock();
    ctx_.epoch_ms = engine_.epoch_ms();
    network_ = std::make_unique<sim::sim_network>(engine_.system(), ctx_, model_);
    ctx_.transport = network_.get();
    fleet_ = engine_.system().spawn(fleet_actor, &ctx_, inventory_);
    registry_ = engine_.system().spawn(command_registry, &ctx_, fleet_, nullptr);
  }

  ~PeriodicTask() override {
    caf::anon_send_exit(registry_, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(fleet_, caf::exit_reason::user_shutdown);
    engine_.run({}, engine_.now_ms());
    network_->release_pool();
    EXPECT_EQ(ctx_.unexpected_messages.load(), 0u);
  }

  // A Period task to both nodes.
  send_command task(std::string frequency) {
    send_command c;
    c.command_id = make_uuid_v4(7, 7);
    c.targets = {{"InstanceIds", {"*"}}};
    c.document_name = "AWS-RunShellScript";
    c.commands = {"true"};
    c.max_concurrency = "100%";
    c.max_errors = "100%";
    c.ramp = ramp_mode::none;
    c.deadline = deadline_mode::per_invocation;
    c.execution_timeout_ms = 60'000;
    c.delivery_timeout_ms = 60'000;
    c.cloud_assistant.command_id = "c-task";
    c.cloud_assistant.repeat = repeat_mode::period;
    c.cloud_assistant.frequency = std::move(frequency);
    return c;
  }

  void accept(send_command c) {
    auto answer = ask_at<command_accepted>(engine_, registry_, accept_command{std::move(c)});
    ASSERT_TRUE(std::holds_alternative<command_accepted>(answer));
    ASSERT_TRUE(std::get<command_accepted>(answer).command);
  }

  // Every command of the book, newest first, with the invocations a listing shows.
  command_page listing() {
    command_query q;
    q.max_results = 1000;
    q.with_invocations = true;
    auto page = ask_at<command_page>(engine_, registry_, list_commands{q});
    EXPECT_TRUE(std::holds_alternative<command_page>(page));
    return std::get<command_page>(page);
  }

  fleet_inventory inventory_;
  sim::fleet_model model_;
  runtime::context ctx_;
  std::unique_ptr<sim::sim_network> network_;  // outlives the engine's actors
  runtime::engine engine_{{runtime::clock_kind::virtual_time}};
  caf::actor fleet_;
  caf::actor registry_;
};

TEST_F(PeriodicTask, AYearOfADailyRateIs365RunsEachACommandOfItsOwn) {
  accept(task("rate(1d)"));
  wait_until(engine_, 365 * day_ms + day_ms / 2);
  auto page = listing();
  ASSERT_EQ(page.commands.size(), 366u);  // the task and its runs
  const auto& task_view = page.commands.back();  // accepted first: listed last
  EXPECT_EQ(task_view.request->command_id, make_uuid_v4(7, 7));
  EXPECT_EQ(task_view.details, command_details::in_progress);
  // Runs are numbered from 1, one interval apart, the first one day in.
  EXPECT_EQ(page.commands.front().request->command_id, periodic_run_id(make_uuid_v4(7, 7), 365));
  EXPECT_EQ(page.commands.front().requested_ms, 365 * day_ms);
  EXPECT_EQ(page.commands[364].requested_ms, day_ms);
  for (size_t k = 0; k + 1 < page.commands.size(); ++k) {
    EXPECT_EQ(page.commands[k].request->cloud_assistant.parent, make_uuid_v4(7, 7));
    EXPECT_EQ(page.commands[k].details, command_details::success);
  }
  // The task shows each instance's latest run and counts its runs.
  const auto& latest = page.invocations.back();
  ASSERT_EQ(latest.size(), 2u);
  for (const auto& i : latest) {
    EXPECT_EQ(i.repeats, 365u);
    EXPECT_EQ(i.details, invocation_details::success);
    EXPECT_GT(i.start_ms, 365 * day_ms);
  }
}

TEST_F(PeriodicTask, AStopEndsTheScheduleAndTheTaskIsCancelled) {
  accept(task("rate(1h)"));
  wait_until(engine_, 5 * 3'600'000 + 1'800'000);
  auto stopped = ask_at<std::string>(engine_, registry_, cancel_command{make_uuid_v4(7, 7), {}});
  ASSERT_TRUE(std::holds_alternative<std::string>(stopped));
  EXPECT_EQ(std::get<std::string>(stopped), "");
  wait_until(engine_, day_ms);
  auto page = listing();
  EXPECT_EQ(page.commands.size(), 6u);  // five runs, then nothing
  EXPECT_EQ(page.commands.back().details, command_details::cancelled);
}

TEST_F(PeriodicTask, AnAtTaskRunsOnceAndEnds) {
  accept(task("at(1970-01-03 00:00:00)"));
  wait_until(engine_, 10 * day_ms);
  auto page = listing();
  ASSERT_EQ(page.commands.size(), 2u);
  EXPECT_EQ(page.commands.front().requested_ms, 2 * day_ms);
  EXPECT_EQ(page.commands.back().details, command_details::success);
  EXPECT_EQ(page.invocations.back().at(0).repeats, 1u);
}

using RebootTask = PeriodicTask;

send_command reboot_task(send_command c, repeat_mode mode) {
  c.cloud_assistant.repeat = mode;
  c.cloud_assistant.frequency.clear();
  return c;
}

// The runs of the task accepted first (listed last), newest first, by instance.
std::vector<std::string> run_instances(const command_page& page) {
  std::vector<std::string> out;
  for (size_t k = 0; k + 1 < page.commands.size(); ++k)
    out.push_back(page.commands[k].request->instance_ids.at(0));
  return out;
}

TEST_F(RebootTask, NextRebootOnlyRunsOnceOnEachInstanceAtItsNextBoot) {
  accept(reboot_task(task(""), repeat_mode::next_reboot_only));
  wait_until(engine_, day_ms);
  auto page = listing();
  ASSERT_EQ(page.commands.size(), 1u) << "no boot, no run";
  EXPECT_EQ(page.commands.back().details, command_details::in_progress);
  caf::anon_send(fleet_, node_booted{1});
  wait_until(engine_, 2 * day_ms);
  caf::anon_send(fleet_, node_booted{1});  // its second boot: nothing more
  wait_until(engine_, 3 * day_ms);
  page = listing();
  EXPECT_EQ(run_instances(page), (std::vector<std::string>{inventory_.instance_id(1)}));
  EXPECT_EQ(page.commands.back().details, command_details::in_progress) << "node 0 still waits";
  EXPECT_EQ(page.commands.front().requested_ms, day_ms);
  EXPECT_EQ(page.commands.front().details, command_details::success);
  EXPECT_EQ(page.commands.front().request->cloud_assistant.parent, make_uuid_v4(7, 7));
  caf::anon_send(fleet_, node_booted{0});
  wait_until(engine_, 4 * day_ms);
  page = listing();
  EXPECT_EQ(run_instances(page),
            (std::vector<std::string>{inventory_.instance_id(0), inventory_.instance_id(1)}));
  EXPECT_EQ(page.commands.back().details, command_details::success) << "every instance has run";
}

TEST_F(RebootTask, EveryRebootRunsAtEachBootUntilStopped) {
  accept(reboot_task(task(""), repeat_mode::every_reboot));
  for (int boot = 1; boot <= 3; ++boot) {
    caf::anon_send(fleet_, node_booted{0});
    wait_until(engine_, boot * day_ms);
  }
  auto page = listing();
  EXPECT_EQ(run_instances(page), std::vector<std::string>(3, inventory_.instance_id(0)));
  const auto& latest = page.invocations.back();
  ASSERT_EQ(latest.size(), 1u) << "node 1 never booted: it shows no run";
  EXPECT_EQ(latest[0].repeats, 3u);
  auto stopped = ask_at<std::string>(engine_, registry_, cancel_command{make_uuid_v4(7, 7), {}});
  ASSERT_TRUE(std::holds_alternative<std::string>(stopped));
  caf::anon_send(fleet_, node_booted{0});
  wait_until(engine_, 5 * day_ms);
  page = listing();
  EXPECT_EQ(page.commands.size(), 4u) << "no run after the stop";
  EXPECT_EQ(page.commands.back().details, command_details::cancelled);
}

TEST_F(RebootTask, AnAgentRegisteringWithAnotherBootIdHasRebooted) {
  accept(reboot_task(task(""), repeat_mode::every_reboot));
  auto node = [&](std::string boot_id) {
    node_info info{inventory_.instance_id(1), platform_type::linux_os, "", {}, std::move(boot_id)};
    return ask_at<uint32_t>(engine_, fleet_, register_node{info});
  };
  node("boot-a");  // first seen: not a reboot
  node("boot-a");  // reconnected, same boot
  wait_until(engine_, day_ms);
  EXPECT_EQ(listing().commands.size(), 1u);
  node("boot-b");
  wait_until(engine_, 2 * day_ms);
  EXPECT_EQ(run_instances(listing()), (std::vector<std::string>{inventory_.instance_id(1)}));
}

}  // namespace
}  // namespace broadside::test
