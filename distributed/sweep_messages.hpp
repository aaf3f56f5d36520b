#pragma once

// What a sweep's coordinator and its workers say to each other over CAF's
// network layer (docs/sweeps.md):
//   worker -> coordinator: (sweep_join_atom, jobs) once connected; then a
//                          sweep_result or a sweep_failure per task.
//   coordinator -> worker: a sweep_task per run, at most `jobs` at a time;
//                          sweep_over_atom when every row is in.

#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>

#include <cstdint>
#include <string>

namespace broadside::distributed {

using sweep_join_atom = caf::atom_constant<caf::atom("bsswjoin")>;
using sweep_over_atom = caf::atom_constant<caf::atom("bsswover")>;

// One run: its index in the sweep and its complete scenario file.
struct sweep_task {
  uint32_t run = 0;
  std::string scenario;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sweep_task& x) {
  return f(x.run, x.scenario);
}

// The run's summary_json line.
struct sweep_result {
  uint32_t run = 0;
  std::string summary;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sweep_result& x) {
  return f(x.run, x.summary);
}

// The run could not run (the simulation exited with an error or crashed).
struct sweep_failure {
  uint32_t run = 0;
  std::string error;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sweep_failure& x) {
  return f(x.run, x.error);
}

// Registers the types above and loads the middleman: the configuration of
// both ends' network actor system (CAF's default scheduler).
void configure_sweep_network(caf::actor_system_config& cfg);

}  // namespace broadside::distributed
