#pragma once

// Small fleets and commands for the semantics tests, all in virtual time.

#include "actors/fleet_inventory.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace broadside::test {

// Node k of a test fleet is i-0000000000000000<k in hex>.
std::string node_id(uint32_t k);

// One node group per behaviour, in order, all Linux unless said otherwise.
sim::scenario fleet_of(const std::vector<sim::fixed_behaviour>& nodes,
                       platform_type platform = platform_type::linux_os);

// `count` identical nodes.
sim::scenario uniform_fleet(uint32_t count, const sim::fixed_behaviour& b);

// A command to every node of the fleet (Key=InstanceIds,Values=*).
sim::timed_command command_to_all(const std::string& max_concurrency = "50",
                                  const std::string& max_errors = "0");

// A fault on the nodes `ids` at `at_ms`.
sim::timed_fault fault_at(int64_t at_ms, sim::fault_action action, std::vector<std::string> ids,
                          int64_t duration_ms = 0, int32_t latency_ms = -1);

sim::sim_report run(const sim::scenario& s, runtime::trace* tracer = nullptr);

// The updates of one target of the first command, in the order they happened.
std::vector<invocation_update> updates_of(const sim::sim_report& r, uint32_t target);

// The terminal update of one target of the first command.
invocation_update final_of(const sim::sim_report& r, uint32_t target);

// Invocations in flight (sent, not yet terminal) over time, from the first
// command's updates: returns the maximum.
uint32_t max_in_flight(const sim::sim_report& r);

}  // namespace broadside::test
