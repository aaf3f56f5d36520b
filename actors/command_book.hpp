#pragma once

// The service's book of commands: every accepted command with each target's
// invocation as its command actor reports them, and the listings the API
// reads. Plain data, owned by the command registry actor.

#include "messages/command_queries.hpp"
#include "messages/events.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace broadside {

class command_book {
 public:
  command_view add(send_command request, int64_t requested_ms);
  // Takes back a command just added that could not be stored (its sequence
  // stays unused).
  void forget(const uuid& command_id);
  // A command of an earlier life of the service, as stored (sequence kept).
  void restore(command_view view, std::vector<invocation_view> invocations);
  bool contains(const uuid& command_id) const { return sequence_of_.count(command_id) > 0; }

  // The command's targets, once resolved (instance ids in target order).
  void resolved(const uuid& command_id, const std::vector<std::string>& instance_ids);
  void update(const command_update& u);
  // The invocation as it is now, or null if the update is for none.
  const invocation_view* update(const invocation_update& u);

  // Commands not yet terminal.
  std::vector<command_view> unfinished() const;
  // The runs a periodic or reboot-triggered task has started so far.
  uint32_t runs_of(const uuid& task) const;
  // The instances the runs of `task` were sent to.
  std::set<std::string> instances_run(const uuid& task) const;
  // Ends a command no actor runs any more (the service restarted) as SSM ends
  // one whose nodes never report: every invocation not yet terminal becomes
  // DeliveryTimedOut, and the command's status follows from its invocations.
  // Returns the command's new state and the invocations it changed.
  std::pair<command_view, std::vector<invocation_view>> expire(const uuid& command_id);

  command_page commands(const command_query& q) const;
  invocation_page invocations(const command_query& q) const;
  std::optional<std::pair<command_view, invocation_view>> invocation(
      const uuid& command_id, const std::string& instance_id) const;
  // Invocations of every command, by StatusDetails; commands not yet terminal.
  registry_stats stats() const;

 private:
  struct entry {
    command_view view;
    std::vector<invocation_view> invocations;  // in target order
    std::unordered_map<std::string, uint32_t> target_of;
    std::vector<uint64_t> runs;  // a periodic task's runs (sequences), oldest first
  };

  entry* find(const uuid& command_id);
  // Books a periodic task's run with its task.
  void link_run(uint64_t sequence, const send_command& request);
  // What a listing shows as the command's invocations: its own, or a
  // periodic task's runs (the latest per instance, or with history every
  // run's, newest first), built in `scratch`.
  const std::vector<invocation_view>& shown(const entry& e, bool history,
                                            std::vector<invocation_view>& scratch) const;
  // Calls visit(sequence, entry) from q's position on, newest first (only
  // q's command if it names one), while it returns true.
  template <class Visit>
  void each_from(const command_query& q, Visit&& visit) const;

  std::map<uint64_t, entry, std::greater<>> entries_;  // newest first
  std::unordered_map<uuid, uint64_t> sequence_of_;
  uint64_t next_sequence_ = 1;
  std::vector<uint64_t> by_details_ = std::vector<uint64_t>(invocation_details_count);
  uint64_t running_ = 0;
};

}  // namespace broadside
