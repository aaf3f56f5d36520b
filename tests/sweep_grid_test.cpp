// The sweep's grid: parameters, seeds, run order, validation before running,
// rows and CSV. Running sweeps end to end is tests/sweep_test.py.

#include "distributed/sweep_messages.hpp"
#include "runtime/engine.hpp"
#include "sim/sweep_grid.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <gtest/gtest.h>

namespace broadside::sim {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

json base() {
  return json::parse(R"({
    "seed": 7,
    "fleet": [{"count": 4, "behaviour": {"model": "fixed", "exec_ms": 200}}],
    "commands": [{"instance_ids": ["*"], "max_concurrency": "2"}]
  })");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

TEST(SweepGrid, ValuesAreJsonElseStrings) {
  auto p = parse_sweep_param(R"(a.b[1].c=10,25%,true,"x,y",[1,2],{"k":[3,4]},plain)");
  EXPECT_EQ(p.path, "a.b[1].c");
  EXPECT_EQ(p.texts, (std::vector<std::string>{"10", "25%", "true", "\"x,y\"", "[1,2]",
                                                R"({"k":[3,4]})", "plain"}));
  ASSERT_EQ(p.values.size(), 7u);
  EXPECT_EQ(p.values[0], json(10));
  EXPECT_EQ(p.values[1], json("25%"));
  EXPECT_EQ(p.values[2], json(true));
  EXPECT_EQ(p.values[3], json("x,y"));
  EXPECT_EQ(p.values[4], json::parse("[1,2]"));
  EXPECT_EQ(p.values[5], json::parse(R"({"k":[3,4]})"));
  EXPECT_EQ(p.values[6], json("plain"));
}

TEST(SweepGrid, BadParamsAndSeeds) {
  EXPECT_EQ(error_of([] { parse_sweep_param("commands[0].max_concurrency"); }),
            "--param commands[0].max_concurrency: expected PATH=VALUE[,VALUE...]");
  EXPECT_EQ(error_of([] { parse_sweep_param("fleet[x].count=1"); }),
            "--param fleet[x].count: \"x\" is not an index");
  EXPECT_EQ(error_of([] { parse_sweep_param("seed=1,2"); }), "--param seed: give seeds with --seeds");
  EXPECT_EQ(parse_seeds("1-3,7,10-11"), (std::vector<uint64_t>{1, 2, 3, 7, 10, 11}));
  EXPECT_EQ(error_of([] { parse_seeds("1-3,2"); }), "--seeds 1-3,2: seed 2 appears twice");
  EXPECT_EQ(error_of([] { parse_seeds("5-1"); }), "--seeds 5-1: \"5-1\" is not a range first-last");
  EXPECT_EQ(error_of([] { parse_seeds("x"); }), "--seeds x: \"x\" is not a seed");
}

TEST(SweepGrid, SetAtPathCreatesObjectsButNotArrayElements) {
  auto doc = base();
  set_at_path(doc, "fleet[0].behaviour.exec_ms", 300);
  set_at_path(doc, "fleet[0].tags.role", "web");
  EXPECT_EQ(doc["fleet"][0]["behaviour"]["exec_ms"], 300);
  EXPECT_EQ(doc["fleet"][0]["tags"]["role"], "web");
  EXPECT_EQ(error_of([&] { set_at_path(doc, "fleet[1].count", 2); }),
            "fleet has no element 1 (it has 1)");
  EXPECT_EQ(error_of([&] { set_at_path(doc, "fleet[0].count.x", 2); }), "fleet[0].count is not an object");
  EXPECT_EQ(error_of([&] { set_at_path(doc, "commands.x", 2); }), "commands is not an object");
}

TEST(SweepGrid, ParamsOuterSeedsInner) {
  std::vector<sweep_param> params{parse_sweep_param("commands[0].max_concurrency=1,3"),
                                  parse_sweep_param("fleet[0].count=2,4,6")};
  auto runs = expand_sweep(base(), params, {5, 9});
  ASSERT_EQ(runs.size(), 12u);
  EXPECT_EQ(describe_run(runs[0], params),
            "run 0 (seed 5, commands[0].max_concurrency=1, fleet[0].count=2)");
  EXPECT_EQ(describe_run(runs[1], params),
            "run 1 (seed 9, commands[0].max_concurrency=1, fleet[0].count=2)");
  EXPECT_EQ(describe_run(runs[2], params),
            "run 2 (seed 5, commands[0].max_concurrency=1, fleet[0].count=4)");
  EXPECT_EQ(describe_run(runs[11], params),
            "run 11 (seed 9, commands[0].max_concurrency=3, fleet[0].count=6)");
  auto doc = json::parse(runs[9].scenario);  // point 4 = (1, 1), seed index 1
  EXPECT_EQ(doc["seed"], 9);
  EXPECT_EQ(doc["commands"][0]["max_concurrency"], 3);
  EXPECT_EQ(doc["fleet"][0]["count"], 4);
}

TEST(SweepGrid, EveryRunIsValidatedBeforeAnyRuns) {
  std::vector<sweep_param> params{parse_sweep_param("commands[0].max_concurrency=1,0")};
  EXPECT_EQ(error_of([&] { expand_sweep(base(), params, {1, 2}); }),
            "run 2 (seed 1, commands[0].max_concurrency=0): commands[0].max_concurrency: \"0\" is "
            "not a count >= 1 or a percentage 1%..100%");
  params = {parse_sweep_param("fleet[0].behavior.exec_ms=5")};
  EXPECT_EQ(error_of([&] { expand_sweep(base(), params, {1}); }),
            "run 0 (seed 1, fleet[0].behavior.exec_ms=5): fleet[0].behavior: unknown key");
  params = {parse_sweep_param("fleet[2].count=5")};
  EXPECT_EQ(error_of([&] { expand_sweep(base(), params, {1}); }),
            "run 0 (seed 1, fleet[2].count=5): fleet has no element 2 (it has 1)");
}

TEST(SweepGrid, RowsHoldOnlyDeterministicValues) {
  std::vector<sweep_param> params{parse_sweep_param("commands[0].comment=\"a,b\",x")};
  auto runs = expand_sweep(base(), params, {3});
  auto summary = ordered_json::parse(
      R"({"nodes":4,"commands":[{"command_id":"c","status":"Success","status_details":"Success",)"
      R"("target_count":4,"completed_count":4,"error_count":0,"delivery_timed_out_count":0,)"
      R"("invocations":{"Success":4}}],"complete":true,"end_ms":500,"events":90,"wall_s":0.01,)"
      R"("peak_rss_mb":12.5})");
  auto row = sweep_row(runs[0], params, summary);
  EXPECT_EQ(row.dump(),
            R"({"run":0,"seed":3,"params":{"commands[0].comment":"\"a,b\""},"nodes":4,"commands":)"
            R"([{"command_id":"c","status":"Success","status_details":"Success","target_count":4,)"
            R"("completed_count":4,"error_count":0,"delivery_timed_out_count":0,)"
            R"("invocations":{"Success":4}}],"complete":true,"end_ms":500,"events":90})");
  EXPECT_EQ(sweep_csv(params, {row}),
            "run,seed,commands[0].comment,complete,end_ms,events,cmd0_status,cmd0_status_details,"
            "cmd0_target_count,cmd0_completed_count,cmd0_error_count,cmd0_delivery_timed_out_count\n"
            "0,3,\"\"\"a,b\"\"\",true,500,90,Success,Success,4,4,0,0\n");
  EXPECT_EQ(sweep_json({row, row}), "[\n" + row.dump() + ",\n" + row.dump() + "\n]\n");
}

template <class T>
T round_trip(caf::actor_system& sys, T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  EXPECT_FALSE(inspect(sink, x));
  T y;
  caf::binary_deserializer source{sys, buf};
  EXPECT_FALSE(inspect(source, y));
  return y;
}

TEST(SweepMessages, SurviveSerialization) {
  runtime::engine engine{{runtime::clock_kind::virtual_time, 0}};
  auto& sys = engine.system();
  auto task = round_trip(sys, distributed::sweep_task{7, "{\"seed\":1}"});
  EXPECT_EQ(task.run, 7u);
  EXPECT_EQ(task.scenario, "{\"seed\":1}");
  auto result = round_trip(sys, distributed::sweep_result{8, "{}"});
  EXPECT_EQ(result.run, 8u);
  EXPECT_EQ(result.summary, "{}");
  auto failure = round_trip(sys, distributed::sweep_failure{9, "boom"});
  EXPECT_EQ(failure.run, 9u);
  EXPECT_EQ(failure.error, "boom");
}

}  // namespace
}  // namespace broadside::sim
