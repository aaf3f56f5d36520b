// fanout_bench: the fanout scenario at several fleet sizes, on the engine and
// on the minimal discrete-event baseline, in the same run on the same
// machine. Each measurement runs in a fresh child process so that its peak
// RSS is its own. Prints one JSON document.
//
//   fanout_bench [--sizes 10000,100000,1000000] [--repeat 1] [--seed 1]

#include "benchmarks/fanout_baseline.hpp"
#include "benchmarks/machine.hpp"
#include "runtime/process_stats.hpp"
#include "sim/fanout.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using nlohmann::ordered_json;
using namespace broadside;

ordered_json with_outcome(const sim::fanout_outcome& o, ordered_json rest) {
  ordered_json j{{"success", o.success},
                 {"failed", o.failed},
                 {"delivery_timed_out", o.delivery_timed_out},
                 {"terminated", o.terminated},
                 {"end_ms", o.end_ms}};
  j.update(rest);
  return j;
}

sim::fanout_outcome outcome_in(const ordered_json& j) {
  return {j["success"], j["failed"], j["delivery_timed_out"], j["terminated"], j["end_ms"]};
}

ordered_json measure_engine(const sim::fanout_params& p) {
  auto r = sim::run_simulation(sim::make_fanout(p));
  return with_outcome(sim::outcome_of(r), {{"events", r.events},
                                           {"wall_s", r.wall_s},
                                           {"peak_rss_mb", r.peak_rss_mb},
                                           {"peak_active_nodes", r.peak_active_nodes}});
}

ordered_json measure_baseline(const sim::fanout_params& p) {
  auto started = std::chrono::steady_clock::now();
  auto r = bench::run_fanout_baseline(p);
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return with_outcome(r.outcome, {{"events", r.events},
                                  {"wall_s", wall},
                                  {"peak_rss_mb", runtime::peak_rss_mb()}});
}

// Runs `f` in a child process and returns what it printed, parsed.
template <class F>
ordered_json in_child(F f) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  auto pid = fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    auto text = f().dump();
    if (write(fds[1], text.data(), text.size()) < 0)
      _exit(1);
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buf[4096];
  ssize_t got;
  while ((got = read(fds[0], buf, sizeof buf)) > 0)
    text.append(buf, static_cast<size_t>(got));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty())
    throw std::runtime_error("a measurement failed");
  return ordered_json::parse(text);
}

std::vector<uint32_t> parse_sizes(const std::string& s) {
  std::vector<uint32_t> out;
  std::stringstream in{s};
  std::string item;
  while (std::getline(in, item, ','))
    out.push_back(static_cast<uint32_t>(std::stoul(item)));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<uint32_t> sizes{10'000, 100'000, 1'000'000};
  int repeat = 1;
  uint64_t seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--sizes")
      sizes = parse_sizes(argv[i + 1]);
    else if (flag == "--repeat")
      repeat = std::stoi(argv[i + 1]);
    else if (flag == "--seed")
      seed = std::stoull(argv[i + 1]);
    else {
      std::cerr << "usage: fanout_bench [--sizes N,N,...] [--repeat R] [--seed S]\n";
      return 2;
    }
  }
  ordered_json out;
  out["benchmark"] = "fanout";
  out["machine"] = bench::machine();
  auto runs = ordered_json::array();
  bool all_equal = true;
  for (auto n : sizes) {
    sim::fanout_params p;
    p.nodes = n;
    p.seed = seed;
    // Best of `repeat`: the machines are shared and noisy.
    ordered_json best_engine, best_baseline;
    for (int k = 0; k < repeat; ++k) {
      auto e = in_child([&] { return measure_engine(p); });
      auto b = in_child([&] { return measure_baseline(p); });
      if (best_engine.is_null() || e["wall_s"] < best_engine["wall_s"])
        best_engine = e;
      if (best_baseline.is_null() || b["wall_s"] < best_baseline["wall_s"])
        best_baseline = b;
    }
    bool equal = outcome_in(best_engine) == outcome_in(best_baseline);
    all_equal = all_equal && equal;
    double engine_wall = best_engine["wall_s"];
    double baseline_wall = best_baseline["wall_s"];
    double rss = best_engine["peak_rss_mb"];
    runs.push_back({{"nodes", n},
                    {"engine", best_engine},
                    {"baseline", best_baseline},
                    {"counts_equal", equal},
                    {"wall_ratio_engine_to_baseline", engine_wall / baseline_wall},
                    {"engine_bytes_per_node", rss * 1024 * 1024 / n},
                    {"engine_us_per_node", engine_wall * 1e6 / n}});
  }
  out["runs"] = runs;
  for (size_t i = 1; i < runs.size(); ++i) {
    double small = runs[i - 1]["engine"]["wall_s"];
    double large = runs[i]["engine"]["wall_s"];
    uint32_t from = runs[i - 1]["nodes"];
    uint32_t to = runs[i]["nodes"];
    out["scaling"].push_back({{"from", from},
                              {"to", to},
                              {"node_ratio", double(to) / from},
                              {"wall_ratio", large / small}});
  }
  out["all_counts_equal"] = all_equal;
  std::cout << out.dump(2) << std::endl;
  return all_equal ? 0 : 1;
}
