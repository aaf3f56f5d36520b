#include "sim/scenario_json.hpp"

#include "actors/command.hpp"
#include "messages/limit.hpp"
#include "messages/platform.hpp"
#include "sim/fault_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace broadside::sim {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw scenario_error(path + ": " + what);
}

std::string number_text(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e15)
    return std::to_string(static_cast<int64_t>(x));
  return json(x).dump();
}

// Reads one JSON object, remembering which keys it used so that unknown keys
// can be reported.
class object_reader {
public:
  object_reader(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object())
      fail(path_.empty() ? "scenario" : path_, "expected an object");
  }

  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  bool has(const std::string& key) const { return j_.contains(key); }

  const json* get(const std::string& key) {
    used_.insert(key);
    auto i = j_.find(key);
    return i == j_.end() ? nullptr : &*i;
  }

  const json& require(const std::string& key) {
    auto* v = get(key);
    if (!v)
      fail(at(key), "is required");
    return *v;
  }

  template <class Int>
  Int integer(const std::string& key, Int fallback, Int min, Int max) {
    auto* v = get(key);
    if (!v)
      return fallback;
    if (!v->is_number_integer())
      fail(at(key), v->dump() + " is not an integer");
    // A file's non-negative numbers parse as unsigned; literals built in
    // code as signed: check both against both bounds.
    if (v->is_number_unsigned()
            ? (v->get<uint64_t>() > static_cast<uint64_t>(max)
               || (min > 0 && v->get<uint64_t>() < static_cast<uint64_t>(min)))
            : (v->get<int64_t>() < static_cast<int64_t>(min)
               || v->get<int64_t>() > static_cast<int64_t>(max)))
      fail(at(key), v->dump() + " is not in " + std::to_string(min) + ".." + std::to_string(max));
    return v->get<Int>();
  }

  // A number in min..max (above min if `above_min`); required unless fallback.
  double real(const std::string& key, std::optional<double> fallback, double min, double max,
              bool above_min = false) {
    auto* v = get(key);
    if (!v) {
      if (!fallback)
        fail(at(key), "is required");
      return *fallback;
    }
    if (!v->is_number())
      fail(at(key), v->dump() + " is not a number");
    auto x = v->get<double>();
    if (x < min || x > max || (above_min && x == min))
      fail(at(key), v->dump() + " is not a number " + (above_min ? "> " + number_text(min) + " and <= "
                                                                 : "in " + number_text(min) + "..")
                        + number_text(max));
    return x;
  }

  std::string string(const std::string& key, const std::string& fallback) {
    auto* v = get(key);
    if (!v)
      return fallback;
    if (!v->is_string())
      fail(at(key), v->dump() + " is not a string");
    return v->get<std::string>();
  }

  // A string, or an integer standing for its decimal text: the wire forms of
  // MaxConcurrency and MaxErrors are strings, but `"max_concurrency": 10`
  // (or a sweep parameter `...max_concurrency=10`) means "10".
  std::string wire_count(const std::string& key, const std::string& fallback) {
    auto* v = get(key);
    if (v && v->is_number_integer())
      return v->dump();
    return string(key, fallback);
  }

  bool boolean(const std::string& key, bool fallback) {
    auto* v = get(key);
    if (!v)
      return fallback;
    if (!v->is_boolean())
      fail(at(key), v->dump() + " is not true or false");
    return v->get<bool>();
  }

  std::vector<std::string> strings(const std::string& key) {
    std::vector<std::string> out;
    auto* v = get(key);
    if (!v)
      return out;
    if (!v->is_array())
      fail(at(key), "expected an array of strings");
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string())
        fail(at(key) + "[" + std::to_string(i) + "]", (*v)[i].dump() + " is not a string");
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }

  std::map<std::string, std::string> string_map(const std::string& key) {
    std::map<std::string, std::string> out;
    auto* v = get(key);
    if (!v)
      return out;
    if (!v->is_object())
      fail(at(key), "expected an object of strings");
    for (const auto& [k, x] : v->items()) {
      if (!x.is_string())
        fail(at(key) + "." + k, x.dump() + " is not a string");
      out[k] = x.get<std::string>();
    }
    return out;
  }

  // Every key must have been read.
  void done() const {
    for (const auto& [k, v] : j_.items())
      if (!used_.count(k))
        fail(at(k), "unknown key");
  }

private:
  const json& j_;
  std::string path_;
  std::set<std::string> used_;
};

const json& array_at(object_reader& r, const std::string& key, bool required) {
  static const json empty = json::array();
  auto* v = required ? &r.require(key) : r.get(key);
  if (!v)
    return empty;
  if (!v->is_array())
    fail(r.at(key), "expected an array");
  return *v;
}

std::string item(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

// A weighted choice: {"0": 0.9, "1": 0.1}.
distribution read_choice(const json& j, const std::string& path, int64_t lo, int64_t hi) {
  distribution d;
  d.kind = distribution::shape::choice;
  d.min = lo;
  d.max = hi;
  double total = 0;
  for (const auto& [key, weight] : j.items()) {
    auto digits = !key.empty() && key.size() <= 15
                  && key.find_first_not_of("0123456789") == std::string::npos
                  && (key.size() == 1 || key[0] != '0');
    auto value = digits ? std::stoll(key) : -1;
    if (value < lo || value > hi)
      fail(path + "." + key, "is not a whole number in " + std::to_string(lo) + ".."
                                 + std::to_string(hi));
    if (!weight.is_number() || weight.get<double>() <= 0)
      fail(path + "." + key, weight.dump() + " is not a weight above 0");
    total += weight.get<double>();
    d.choices.emplace_back(value, total);
  }
  if (d.choices.empty())
    fail(path, "has nothing to choose from");
  return d;
}

// A number (always that value), a distribution object or a weighted choice,
// for a parameter in lo..hi (docs/scenarios.md, "Distributions").
distribution read_distribution(object_reader& parent, const std::string& key, int64_t fallback,
                               int64_t lo, int64_t hi) {
  auto* v = parent.get(key);
  if (!v || v->is_number_integer())
    return distribution::constant(parent.integer<int64_t>(key, fallback, lo, hi));
  auto path = parent.at(key);
  if (!v->is_object())
    fail(path, v->dump() + " is not an integer, a distribution or a weighted choice");
  if (!v->contains("dist"))
    return read_choice(*v, path, lo, hi);
  object_reader r{*v, path};
  auto kind = r.string("dist", "");
  distribution d;
  auto range = static_cast<double>(hi);
  if (kind == "uniform") {
    d.kind = distribution::shape::uniform;
    for (const auto* bound : {"min", "max"})
      if (!r.has(bound))
        fail(r.at(bound), "is required for a uniform distribution");
  } else if (kind == "normal") {
    d.kind = distribution::shape::normal;
    d.a = r.real("mean", std::nullopt, static_cast<double>(lo), range);
    d.b = r.real("stddev", std::nullopt, 0, range);
  } else if (kind == "lognormal") {
    d.kind = distribution::shape::lognormal;
    d.a = r.real("median", std::nullopt, 0, range, true);
    d.b = r.real("sigma", std::nullopt, 0, 10);
  } else if (kind == "exponential") {
    d.kind = distribution::shape::exponential;
    d.a = r.real("mean", std::nullopt, 0, range, true);
  } else {
    fail(r.at("dist"), "\"" + kind + "\" is not one of uniform, normal, lognormal, exponential");
  }
  d.min = r.integer<int64_t>("min", lo, lo, hi);
  d.max = r.integer<int64_t>("max", hi, lo, hi);
  if (d.max < d.min)
    fail(r.at("max"), std::to_string(d.max) + " is below min " + std::to_string(d.min));
  r.done();
  return d;
}

constexpr int32_t max_latency_ms = 3'600'000;
constexpr int64_t max_exec_ms = 30LL * 86'400'000;
constexpr int64_t max_output_bytes = 1 << 20;

node_behaviour read_behaviour(object_reader& parent, uint64_t seed, uint32_t group) {
  auto* v = parent.get("behaviour");
  if (!v)
    return fixed_behaviour{};
  object_reader r{*v, parent.at("behaviour")};
  auto model = r.string("model", "fixed");
  if (model == "fanout") {
    fanout_behaviour b;
    b.seed = r.integer<uint64_t>("seed", seed, 0, UINT64_MAX);
    b.offline_permille = r.integer<uint32_t>("offline_permille", 10, 0, 1000);
    b.fail_permille = r.integer<uint32_t>("fail_permille", 100, 0, 1000);
    r.done();
    return b;
  }
  if (model == "distributed") {
    distributed_behaviour b;
    b.seed = group_seed(seed, group);
    b.offline_share = r.real("offline_share", 0.0, 0, 1);
    b.latency_ms = read_distribution(r, "latency_ms", 10, 0, max_latency_ms);
    b.exec_ms = read_distribution(r, "exec_ms", 1'000, 0, max_exec_ms);
    b.exit_code = read_distribution(r, "exit_code", 0, 0, 255);
    if (r.has("output_bytes"))
      b.output_bytes = read_distribution(r, "output_bytes", 0, 0, max_output_bytes);
    b.standard_output = r.string("stdout", "");
    b.standard_error = r.string("stderr", "");
    r.done();
    return b;
  }
  if (model != "fixed")
    fail(r.at("model"), "\"" + model + "\" is not one of fixed, fanout, distributed");
  fixed_behaviour b;
  b.online = r.boolean("online", b.online);
  b.latency_ms = r.integer<int32_t>("latency_ms", b.latency_ms, 0, max_latency_ms);
  b.exec_ms = r.integer<int64_t>("exec_ms", b.exec_ms, 0, max_exec_ms);
  b.exit_code = r.integer<int32_t>("exit_code", b.exit_code, 0, 255);
  b.standard_output = r.string("stdout", "");
  b.standard_error = r.string("stderr", "");
  r.done();
  return b;
}

std::vector<container> read_containers(object_reader& r) {
  std::vector<container> out;
  const auto& arr = array_at(r, "containers", false);
  for (size_t i = 0; i < arr.size(); ++i) {
    object_reader c{arr[i], item(r.at("containers"), i)};
    container one;
    one.id = c.string("id", "");
    one.name = c.string("name", "");
    one.state = c.string("state", "running");
    if (container_target_problem(one.id, one.name) != instance_error::none || one.id.empty()
        || one.id.find("://") != std::string::npos || one.name.empty())
      fail(item(r.at("containers"), i),
           "needs an id of 64 hex digits and a name of letters, digits, '.', '_' and '-'");
    c.done();
    out.push_back(std::move(one));
  }
  return out;
}

// What the group's instances have: containers; Windows logons (its
// instances' RAM role and local accounts, and the scenario's parameter
// store); Linux users and directories. Each platform's keys are errors on
// the other.
void read_environment(object_reader& r, fleet_group& g,
                      const std::shared_ptr<const parameter_store>& parameters) {
  auto windows = g.inventory.platform == platform_type::windows;
  for (const auto* key : {"instance_role", "windows_accounts"})
    if (!windows && r.has(key))
      fail(r.at(key), "applies only to a Windows group");
  for (const auto* key : {"users", "directories"})
    if (windows && r.has(key))
      fail(r.at(key), "applies only to a group that is not Windows (see windows_accounts)");
  auto environment = std::make_shared<instance_environment>();
  environment->containers = read_containers(r);
  environment->container_runtime_reachable = r.boolean("container_runtime_reachable", true);
  if (windows) {
    auto& logon = environment->windows.emplace();
    logon.instance_role = r.string("instance_role", "");
    for (auto& [user, password] : r.string_map("windows_accounts"))
      logon.accounts.emplace(user, password);
    logon.parameters = parameters;
  }
  if (r.has("users")) {
    auto users = r.strings("users");
    environment->users.emplace(users.begin(), users.end());
  }
  if (r.has("directories")) {
    auto directories = r.strings("directories");
    environment->directories.emplace(directories.begin(), directories.end());
  }
  g.environment = std::move(environment);
}

fleet_group read_group(const json& j, const std::string& path, uint64_t seed, uint32_t index,
                       const std::shared_ptr<const parameter_store>& parameters) {
  object_reader r{j, path};
  fleet_group g;
  g.inventory.count = r.integer<uint32_t>("count", 1, 1, 50'000'000);
  g.inventory.id_prefix = r.string("id_prefix", "i-");
  if (g.inventory.id_prefix != "i-" && g.inventory.id_prefix != "mi-")
    fail(r.at("id_prefix"), "\"" + g.inventory.id_prefix + "\" is not i- or mi-");
  if (r.has("id_base"))
    g.inventory.id_base = r.integer<uint64_t>("id_base", 0, 0, (uint64_t{1} << 60) - 1);
  auto platform = r.string("platform", "Linux");
  auto p = parse_platform(platform);
  if (!p)
    fail(r.at("platform"), "\"" + platform + "\" is not one of Linux, Windows, MacOS");
  g.inventory.platform = *p;
  g.inventory.agent_version = r.string("agent_version", g.inventory.agent_version);
  g.inventory.tags = r.string_map("tags");
  read_environment(r, g, parameters);
  g.behaviour = read_behaviour(r, seed, index);
  r.done();
  return g;
}

std::vector<target_selector> read_targets(object_reader& r) {
  std::vector<target_selector> out;
  const auto& arr = array_at(r, "targets", false);
  for (size_t i = 0; i < arr.size(); ++i) {
    object_reader t{arr[i], item(r.at("targets"), i)};
    target_selector s;
    s.key = t.string("Key", "");
    if (s.key.empty())
      fail(t.at("Key"), "is required");
    s.values = t.strings("Values");
    t.done();
    out.push_back(std::move(s));
  }
  return out;
}

// RepeatMode, Frequency and when a periodic command stops. As Cloud
// Assistant, a frequency makes the mode Period; unlike its API, a file that
// says Once beside a frequency is an error rather than silently overridden.
void read_schedule(object_reader& r, const std::string& path, timed_command& c) {
  auto periodic = r.has("frequency");
  auto mode = r.string("repeat_mode", periodic ? "Period" : "Once");
  if (mode == "NextRebootOnly" || mode == "EveryReboot")
    fail(r.at("repeat_mode"), "\"" + mode + "\" (runs triggered by reboots) is not simulated");
  if (mode != "Once" && mode != "Period")
    fail(r.at("repeat_mode"), "\"" + mode + "\" is not one of Once, Period");
  if (periodic != (mode == "Period"))
    fail(r.at("repeat_mode"), periodic ? "\"Once\" with a frequency: a frequency makes the mode Period"
                                       : "\"Period\" needs a frequency");
  for (const auto* key : {"until_ms", "runs"})
    if (!periodic && r.has(key))
      fail(r.at(key), "applies only to a command with a frequency");
  if (!periodic)
    return;
  command_schedule schedule;
  schedule.frequency = r.string("frequency", "");
  if (r.has("until_ms"))
    schedule.until_ms = r.integer<int64_t>("until_ms", 0, 0, INT64_MAX / 4);
  if (r.has("runs"))
    schedule.runs = r.integer<uint32_t>("runs", 1, 1, 100'000'000);
  c.schedule = std::move(schedule);
  if (auto problem = check_schedule(c))
    fail(problem->key.empty() ? path : r.at(problem->key), problem->what);
}

timed_command read_command(const json& j, const std::string& path, uint64_t seed, uint32_t n) {
  object_reader r{j, path};
  timed_command c;
  auto& cmd = c.command;
  c.at_ms = r.integer<int64_t>("at_ms", 0, 0, INT64_MAX / 4);
  if (r.has("cancel_at_ms"))
    c.cancel_at_ms = r.integer<int64_t>("cancel_at_ms", 0, 0, INT64_MAX / 4);
  auto id = r.string("command_id", "");
  if (id.empty()) {
    cmd.command_id = scenario_command_id(seed, n);
  } else if (auto parsed = parse_uuid(id)) {
    cmd.command_id = *parsed;
  } else {
    fail(r.at("command_id"), "\"" + id + "\" is not a UUID");
  }
  cmd.instance_ids = r.strings("instance_ids");
  cmd.targets = read_targets(r);
  if (cmd.instance_ids.empty() == cmd.targets.empty())
    fail(path, "give exactly one of instance_ids and targets");
  cmd.document_name = r.string("document_name", "AWS-RunShellScript");
  if (!find_document(cmd.document_name))
    fail(r.at("document_name"), "\"" + cmd.document_name + "\" is not a known document");
  cmd.commands = r.strings("commands");
  if (cmd.commands.empty())
    cmd.commands = {"true"};
  cmd.working_directory = r.string("working_directory", "");
  cmd.username = r.string("username", "");
  cmd.cloud_assistant.windows_password_name = r.string("windows_password_name", "");
  // Checked by each instance, as Cloud Assistant's are: a malformed one is a
  // refusal to simulate, not a load error.
  cmd.cloud_assistant.container_id = r.string("container_id", "");
  cmd.cloud_assistant.container_name = r.string("container_name", "");
  cmd.max_concurrency = r.wire_count("max_concurrency", "50");
  if (!parse_max_concurrency(cmd.max_concurrency))
    fail(r.at("max_concurrency"), "\"" + cmd.max_concurrency
                                      + "\" is not a count >= 1 or a percentage 1%..100%");
  cmd.max_errors = r.wire_count("max_errors", "0");
  if (!parse_max_errors(cmd.max_errors))
    fail(r.at("max_errors"), "\"" + cmd.max_errors + "\" is not a count >= 0 or a percentage 0%..100%");
  if (r.has("timeout_seconds") && r.has("delivery_timeout_ms"))
    fail(path, "give at most one of timeout_seconds and delivery_timeout_ms");
  if (r.has("delivery_timeout_ms"))
    cmd.delivery_timeout_ms = r.integer<int64_t>("delivery_timeout_ms", 0, 1, 2'592'000'000LL);
  else
    cmd.delivery_timeout_ms = 1000 * r.integer<int64_t>("timeout_seconds", 3600, 30, 2'592'000);
  cmd.execution_timeout_ms = 1000 * r.integer<int64_t>("execution_timeout_seconds", 3600, 1, 172'800);
  cmd.comment = r.string("comment", "");
  if (cmd.comment.size() > 100)
    fail(r.at("comment"), "is longer than 100 characters");
  auto ramp = r.string("ramp", "exponential");
  if (ramp == "none")
    cmd.ramp = ramp_mode::none;
  else if (ramp != "exponential")
    fail(r.at("ramp"), "\"" + ramp + "\" is not one of exponential, none");
  auto deadline = r.string("delivery_deadline", "command");
  if (deadline == "per_invocation")
    cmd.deadline = deadline_mode::per_invocation;
  else if (deadline != "command")
    fail(r.at("delivery_deadline"), "\"" + deadline + "\" is not one of command, per_invocation");
  read_schedule(r, path, c);
  r.done();
  return c;
}

const std::map<std::string, fault_action>& fault_actions() {
  static const std::map<std::string, fault_action> actions{
      {"power_off", fault_action::power_off},
      {"power_on", fault_action::power_on},
      {"reboot", fault_action::reboot},
      {"agent_stop", fault_action::agent_stop},
      {"agent_start", fault_action::agent_start},
      {"agent_restart", fault_action::agent_restart},
      {"agent_upgrade", fault_action::agent_upgrade},
      {"block_network", fault_action::block_network},
      {"unblock_network", fault_action::unblock_network},
      {"deny_security_group", fault_action::deny_security_group},
      {"allow_security_group", fault_action::allow_security_group},
      {"kill_scripts", fault_action::kill_scripts},
      {"set_latency", fault_action::set_latency},
      {"deregister", fault_action::deregister},
      {"release", fault_action::release},
  };
  return actions;
}

// A key that only some actions take: an error for the others, and required
// for those that need it.
void action_key(object_reader& r, const std::string& key, const std::string& action, bool takes,
                bool needs) {
  if (needs && !r.has(key))
    fail(r.at(key), "is required for " + action);
  if (!takes && r.has(key))
    fail(r.at(key), "does not apply to " + action);
}

timed_fault read_fault(const json& j, const std::string& path) {
  object_reader r{j, path};
  timed_fault f;
  constexpr int64_t max_ms = INT64_MAX / 4;
  if (r.has("from_ms") || r.has("to_ms")) {
    if (r.has("at_ms"))
      fail(path, "give at_ms, or from_ms and to_ms, not both");
    f.at_ms = r.integer<int64_t>("from_ms", 0, 0, max_ms);
    f.to_ms = r.integer<int64_t>("to_ms", 0, 0, max_ms);
    for (const auto* bound : {"from_ms", "to_ms"})
      if (!r.has(bound))
        fail(r.at(bound), "is required with " + std::string{bound[0] == 'f' ? "to_ms" : "from_ms"});
  } else {
    f.at_ms = r.integer<int64_t>("at_ms", 0, 0, max_ms);
  }
  auto action = r.string("action", "");
  auto i = fault_actions().find(action);
  if (i == fault_actions().end()) {
    std::string names;
    for (const auto& [name, a] : fault_actions())
      names += (names.empty() ? "" : ", ") + name;
    fail(r.at("action"), "\"" + action + "\" is not one of " + names);
  }
  f.action = i->second;
  f.instance_ids = r.strings("instance_ids");
  if (r.has("instance_ids") && f.instance_ids.empty())
    fail(r.at("instance_ids"), "names no node");
  f.targets = read_targets(r);
  if (r.has("targets") && f.targets.empty())
    fail(r.at("targets"), "is empty");
  f.all = r.boolean("all", false);
  if (r.has("all") && !f.all)
    fail(r.at("all"), "must be true when given");
  if (r.has("share"))
    f.share = r.real("share", std::nullopt, 0, 1);
  if (r.has("count"))
    f.count = r.integer<uint32_t>("count", 0, 0, 50'000'000);
  action_key(r, "duration_ms", action, takes_duration(f.action), false);
  f.duration_ms = r.integer<int64_t>("duration_ms", 0, 0, max_ms);
  auto latency = f.action == fault_action::set_latency;
  action_key(r, "latency_ms", action, latency, latency);
  f.latency_ms = r.integer<int32_t>("latency_ms", -1, -1, max_latency_ms);
  auto upgrade = f.action == fault_action::agent_upgrade;
  action_key(r, "agent_version", action, upgrade, upgrade);
  f.agent_version = r.string("agent_version", "");
  if (f.action == fault_action::agent_upgrade && f.agent_version.empty())
    fail(r.at("agent_version"), "is empty");
  r.done();
  return f;
}

}  // namespace

scenario parse_scenario(const json& doc) {
  object_reader r{doc, ""};
  scenario s;
  s.seed = r.integer<uint64_t>("seed", 1, 0, UINT64_MAX);
  if (auto* d = r.get("delivery")) {
    object_reader dr{*d, r.at("delivery")};
    s.delivery.first_ack_wait_ms =
        dr.integer<int64_t>("first_ack_wait_ms", s.delivery.first_ack_wait_ms, 1, 86'400'000);
    s.delivery.max_ack_wait_ms =
        dr.integer<int64_t>("max_ack_wait_ms", s.delivery.max_ack_wait_ms, 1, 86'400'000);
    dr.done();
  }
  auto parameters = std::make_shared<parameter_store>();
  for (auto& [name, value] : r.string_map("parameter_store"))
    parameters->emplace(name, value);
  const auto& fleet = array_at(r, "fleet", true);
  if (fleet.empty())
    fail(r.at("fleet"), "has no node group");
  uint64_t nodes = 0;
  fleet_inventory ids;  // only to check that the groups' ids do not overlap
  for (size_t i = 0; i < fleet.size(); ++i) {
    s.fleet.push_back(
        read_group(fleet[i], item("fleet", i), s.seed, static_cast<uint32_t>(i), parameters));
    const auto& g = s.fleet.back().inventory;
    nodes += g.count;
    if (nodes > 50'000'000)
      fail(item("fleet", i) + ".count", "the fleet exceeds 50000000 nodes");
    if (auto other = ids.overlapping_group(g))
      fail(item("fleet", i) + ".id_base", "its ids overlap those of " + item("fleet", *other));
    ids.add_group(g);
  }
  const auto& commands = array_at(r, "commands", true);
  for (size_t i = 0; i < commands.size(); ++i)
    s.commands.push_back(read_command(commands[i], item("commands", i), s.seed,
                                      static_cast<uint32_t>(i)));
  const auto& faults = array_at(r, "faults", false);
  for (size_t i = 0; i < faults.size(); ++i)
    s.faults.push_back(read_fault(faults[i], item("faults", i)));
  r.done();
  // What depends on the fleet (and cross-key rules), as run_simulation checks it.
  for (size_t i = 0; i < s.faults.size(); ++i) {
    try {
      fault_nodes(s, i, ids);
    } catch (const std::invalid_argument& e) {
      throw scenario_error(e.what());
    }
  }
  return s;
}

scenario load_scenario_file(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    throw scenario_error(path + ": cannot be read");
  json doc;
  try {
    in >> doc;
  } catch (const json::parse_error& e) {
    throw scenario_error(path + ": not valid JSON: " + e.what());
  }
  return parse_scenario(doc);
}

}  // namespace broadside::sim
