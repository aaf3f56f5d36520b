#pragma once

// The job_queue actor: the job source of CodePipeline custom actions
// (docs/codepipeline.md). It holds every job of every custom action type,
// hands Queued jobs to polling workers (Dispatched, with a fresh nonce),
// takes their acknowledgements (InProgress) and results (Succeeded, with a
// continuation job queued if the worker asked for one, or Failed), puts a
// dispatched job nobody acknowledged back in the queue, and times out jobs
// that have no result in time. With a store, every change is written to it,
// and a created job, an acknowledgement and a result are on disk before they
// are answered; at start the queue rebuilds itself from the store
// (docs/codepipeline.md, "Restarts").
//
// Accepts: create_job -> uuid, poll_for_jobs -> polled_jobs,
//          acknowledge_job -> job_status, get_job_details -> job_record,
//          put_job_success_result -> job_success_recorded,
//          put_job_failure_result -> job_status;
//          refusals are job_errors (messages/job.hpp). And its own timers.

#include "messages/job.hpp"
#include "runtime/context.hpp"
#include "storage/job_store.hpp"

#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <unordered_map>
#include <vector>

namespace broadside {

struct job_queue_options {
  // A Dispatched job not acknowledged within this goes back to Queued and its
  // nonce stops being valid (Broadside's choice: the service documents none).
  int64_t ack_timeout_ms = 60'000;
  // A job with no result this long after it was queued ends TimedOut: the
  // custom-action timeout of CodePipeline's quotas, for each job of an action
  // (an action type's jobTimeout is "for a single job").
  int64_t job_timeout_ms = 24 * 3'600'000;
  // Job ids are UUID v4 drawn from this seed: the same seed, the same ids.
  uint64_t id_seed = 0;
};

struct job_queue_state {
  struct entry {
    job_record record;
    uint32_t dispatches = 0;  // tells a stale acknowledgement timer from the current one
    runtime::timer_ticket ack_timer;
    runtime::timer_ticket deadline_timer;
  };

  runtime::context* ctx = nullptr;
  job_queue_options options;
  storage::job_store* store = nullptr;  // none: in memory only
  std::mt19937_64 ids;
  uint64_t last_nonce = 0;
  uint64_t nonces_reserved = 0;  // in the store: last_nonce may grow to it
  std::vector<entry> jobs;  // in creation order; an index is a job's age
  std::unordered_map<uuid, uint32_t> index;
  // The Queued jobs of each action type, oldest first. A type is known (polls
  // of it are not ActionTypeNotFoundException) once a job of it was created.
  std::map<action_type_id, std::set<uint32_t>> queued;
  static inline const char* name = "job_queue";
};

caf::behavior job_queue_actor(caf::stateful_actor<job_queue_state>* self, runtime::context* ctx,
                              job_queue_options options, storage::job_store* store);

}  // namespace broadside
