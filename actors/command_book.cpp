#include "actors/command_book.hpp"

#include "actors/command_tally.hpp"
#include "messages/limit.hpp"

#include <algorithm>

namespace broadside {

namespace {

template <class Details>
bool has_status(Details d, const std::string& name) {
  return wire_name(status_of(d)) == name || wire_name(d) == name;
}

bool command_matches(const command_view& c, const std::vector<invocation_view>& targets,
                     const command_query& q) {
  const auto& f = q.filters;
  if (c.requested_ms < f.invoked_after_ms || c.requested_ms > f.invoked_before_ms)
    return false;
  if (!f.document_name.empty() && c.request->document_name != f.document_name)
    return false;
  if (f.executing && *f.executing == is_terminal(c.details))
    return false;
  if (!q.instance_id.empty()) {
    // Before its targets are resolved, a command is known by the ids it names.
    const auto& named = c.request->instance_ids;
    auto targeted = targets.empty()
                        ? std::find(named.begin(), named.end(), q.instance_id) != named.end()
                        : std::any_of(targets.begin(), targets.end(), [&](const auto& i) {
                            return i.instance_id == q.instance_id;
                          });
    if (!targeted)
      return false;
  }
  return !f.command || f.command(c, targets);
}

bool command_status_matches(const command_view& c, const command_filters& f) {
  return std::all_of(f.statuses.begin(), f.statuses.end(),
                     [&](const auto& s) { return has_status(c.details, s); });
}

bool invocation_matches(const command_view& c, const invocation_view& i, const command_query& q) {
  if (!q.instance_id.empty() && i.instance_id != q.instance_id)
    return false;
  if (q.filters.invocation && !q.filters.invocation(c, i))
    return false;
  return std::all_of(q.filters.statuses.begin(), q.filters.statuses.end(),
                     [&](const auto& s) { return has_status(i.details, s); });
}

}  // namespace

command_view command_book::add(send_command request, int64_t requested_ms) {
  auto sequence = next_sequence_++;
  auto& e = entries_[sequence];
  e.view.sequence = sequence;
  e.view.requested_ms = requested_ms;
  e.view.expires_ms = requested_ms + request.delivery_timeout_ms + request.execution_timeout_ms;
  sequence_of_[request.command_id] = sequence;
  link_run(sequence, request);
  e.view.request = std::make_shared<const send_command>(std::move(request));
  ++running_;
  return e.view;
}

void command_book::link_run(uint64_t sequence, const send_command& request) {
  const auto& parent = request.cloud_assistant.parent;
  if (parent == uuid{})
    return;
  if (auto* task = find(parent))
    task->runs.push_back(sequence);
}

const std::vector<invocation_view>& command_book::shown(
    const entry& e, bool history, std::vector<invocation_view>& scratch) const {
  if (!is_repeating_task(e.view.request->cloud_assistant))
    return e.invocations;
  scratch.clear();
  if (history) {
    for (auto run = e.runs.rbegin(); run != e.runs.rend(); ++run)
      for (const auto& i : entries_.at(*run).invocations)
        scratch.push_back(i);
    return scratch;
  }
  std::unordered_map<std::string, size_t> at;
  for (auto run : e.runs)
    for (const auto& i : entries_.at(run).invocations) {
      auto [found, first] = at.emplace(i.instance_id, scratch.size());
      if (first)
        scratch.push_back(i);
      auto repeats = scratch[found->second].repeats + 1;
      scratch[found->second] = i;
      scratch[found->second].repeats = repeats;
    }
  return scratch;
}

void command_book::forget(const uuid& command_id) {
  auto found = sequence_of_.find(command_id);
  if (found == sequence_of_.end())
    return;
  auto e = entries_.find(found->second);
  if (!is_terminal(e->second.view.details))
    --running_;
  for (const auto& i : e->second.invocations)
    --by_details_[static_cast<size_t>(i.details)];
  entries_.erase(e);
  sequence_of_.erase(found);
}

void command_book::restore(command_view view, std::vector<invocation_view> invocations) {
  auto sequence = view.sequence;
  next_sequence_ = std::max(next_sequence_, sequence + 1);
  sequence_of_[view.request->command_id] = sequence;
  if (!is_terminal(view.details))
    ++running_;
  auto& e = entries_[sequence];
  link_run(sequence, *view.request);
  e.view = std::move(view);
  for (const auto& i : invocations) {
    ++by_details_[static_cast<size_t>(i.details)];
    e.target_of.emplace(i.instance_id, i.target);
  }
  e.invocations = std::move(invocations);
}

std::vector<command_view> command_book::unfinished() const {
  std::vector<command_view> out;
  for (const auto& [sequence, e] : entries_)
    if (!is_terminal(e.view.details))
      out.push_back(e.view);
  return out;
}

uint32_t command_book::runs_of(const uuid& task) const {
  auto s = sequence_of_.find(task);
  return s == sequence_of_.end() ? 0 : static_cast<uint32_t>(entries_.at(s->second).runs.size());
}

std::set<std::string> command_book::instances_run(const uuid& task) const {
  std::set<std::string> out;
  auto s = sequence_of_.find(task);
  if (s == sequence_of_.end())
    return out;
  for (auto run : entries_.at(s->second).runs)
    for (const auto& i : entries_.at(run).invocations)
      out.insert(i.instance_id);
  return out;
}

std::pair<command_view, std::vector<invocation_view>> command_book::expire(const uuid& command_id) {
  auto* e = find(command_id);
  if (!e || is_terminal(e->view.details))
    return {};
  auto n = static_cast<uint32_t>(e->invocations.size());
  command_tally tally{n, resolve_max_errors(*parse_max_errors(e->view.request->max_errors), n)};
  std::vector<invocation_view> changed;
  for (auto& i : e->invocations) {
    if (!is_terminal(i.details)) {
      --by_details_[static_cast<size_t>(i.details)];
      ++by_details_[static_cast<size_t>(invocation_details::delivery_timed_out)];
      i.details = invocation_details::delivery_timed_out;
      // Started: the agent never reported; else it was never reached.
      i.error = i.start_ms >= 0 ? instance_error::client_not_response
                                : instance_error::delivery_timeout;
      changed.push_back(i);
    }
    tally.move(invocation_details::pending, i.details);
  }
  // A command that never resolved its targets has no invocation to decide by.
  e->view.details = n > 0 ? tally.details(false) : command_details::delivery_timed_out;
  e->view.counts = tally.counts();
  --running_;
  return {e->view, std::move(changed)};
}

command_book::entry* command_book::find(const uuid& command_id) {
  auto s = sequence_of_.find(command_id);
  return s == sequence_of_.end() ? nullptr : &entries_.at(s->second);
}

void command_book::resolved(const uuid& command_id, const std::vector<std::string>& instance_ids) {
  auto* e = find(command_id);
  if (!e)
    return;
  e->invocations.resize(instance_ids.size());
  by_details_[static_cast<size_t>(invocation_details::pending)] += instance_ids.size();
  for (uint32_t t = 0; t < instance_ids.size(); ++t) {
    e->invocations[t].instance_id = instance_ids[t];
    e->invocations[t].target = t;
    e->target_of.emplace(instance_ids[t], t);
  }
}

void command_book::update(const command_update& u) {
  if (auto* e = find(u.command_id)) {
    if (is_terminal(u.details) && !is_terminal(e->view.details))
      --running_;
    e->view.details = u.details;
    e->view.counts = u.counts;
  }
}

const invocation_view* command_book::update(const invocation_update& u) {
  auto* e = find(u.command_id);
  if (!e || u.target >= e->invocations.size())
    return nullptr;
  auto& i = e->invocations[u.target];
  --by_details_[static_cast<size_t>(i.details)];
  ++by_details_[static_cast<size_t>(u.details)];
  i.details = u.details;
  i.response_code = u.response_code;
  i.error = u.error;
  if (u.start_ms >= 0)
    i.start_ms = u.start_ms;
  if (u.end_ms >= 0)
    i.end_ms = u.end_ms;
  if (is_terminal(u.details)) {
    i.standard_output = u.standard_output;
    i.standard_error = u.standard_error;
    i.output_dropped = u.output_dropped;
  }
  return &i;
}

template <class Visit>
void command_book::each_from(const command_query& q, Visit&& visit) const {
  if (q.command_id) {
    auto s = sequence_of_.find(*q.command_id);
    if (s != sequence_of_.end() && s->second <= q.from.sequence)
      visit(s->second, entries_.at(s->second));
    return;
  }
  for (auto e = entries_.lower_bound(q.from.sequence); e != entries_.end(); ++e)
    if (!visit(e->first, e->second))
      return;
}

command_page command_book::commands(const command_query& q) const {
  command_page page;
  std::vector<invocation_view> scratch;
  each_from(q, [&](uint64_t sequence, const entry& e) {
    const auto& invocations = shown(e, false, scratch);
    if (!command_matches(e.view, invocations, q) || !command_status_matches(e.view, q.filters))
      return true;
    ++page.total;
    if (page.commands.size() == q.max_results) {
      if (!page.next)
        page.next = page_position{sequence, 0};
      return q.count_all;
    }
    page.commands.push_back(e.view);
    if (q.with_invocations)
      page.invocations.push_back(invocations);
    return true;
  });
  return page;
}

invocation_page command_book::invocations(const command_query& q) const {
  invocation_page page;
  auto of_command = q;
  of_command.filters.statuses.clear();  // they are the invocations' here
  std::vector<invocation_view> scratch;
  each_from(q, [&](uint64_t sequence, const entry& e) {
    const auto& invocations = shown(e, q.with_history, scratch);
    if (!command_matches(e.view, invocations, of_command))
      return true;
    for (auto t = sequence == q.from.sequence ? q.from.target : 0; t < invocations.size(); ++t) {
      const auto& i = invocations[t];
      if (!invocation_matches(e.view, i, q))
        continue;
      ++page.total;
      if (page.invocations.size() == q.max_results) {
        if (!page.next)
          page.next = page_position{sequence, t};
        if (!q.count_all)
          return false;
        continue;
      }
      page.invocations.emplace_back(e.view, i);
    }
    return true;
  });
  return page;
}

std::optional<std::pair<command_view, invocation_view>> command_book::invocation(
    const uuid& command_id, const std::string& instance_id) const {
  auto s = sequence_of_.find(command_id);
  if (s == sequence_of_.end())
    return std::nullopt;
  const auto& e = entries_.at(s->second);
  auto t = e.target_of.find(instance_id);
  if (t == e.target_of.end())
    return std::nullopt;
  return std::make_pair(e.view, e.invocations[t->second]);
}

registry_stats command_book::stats() const {
  return {by_details_, next_sequence_ - 1, running_};
}

}  // namespace broadside
