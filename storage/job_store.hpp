#pragma once

// The job source's CodePipeline jobs on disk (storage/database), beside the
// commands: every job with its data, status, nonce, creation time and what
// its result reported, so that the job_queue rebuilds itself after a restart,
// also after kill -9. The job queue tells the store each change, in order,
// from one thread.
//
// Durability (storage/database.hpp): what the API answers on is durable when
// the call returns — a job created, a worker's acknowledgement or result —
// together with every change told before it. Every other change (a dispatch,
// a job back in the queue, a timeout) is buffered, the latest state of a job
// replacing an earlier one, and committed in the database's next batch.

#include "messages/job.hpp"
#include "storage/database.hpp"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace broadside::storage {

class job_store {
 public:
  struct stored_jobs {
    std::vector<job_record> jobs;  // in creation order
    uint64_t nonces_reserved = 0;  // see nonces_reserved()
  };

  // The jobs of `db`, which outlives the store. Closing the store commits
  // what it still buffers.
  explicit job_store(database& db);

  // A job queued. Durable when it returns; throws if its id is stored already.
  void job_created(const job_record& r);
  // The job's whole state after an acknowledgement or a result. Durable when
  // it returns.
  void job_reported(const job_record& r);
  // A success that queued a continuation job: both in one durable commit, so
  // that a crash never keeps the one without the other.
  void job_continued(const job_record& ended, const job_record& continuation);
  // The job's whole state after any other change. Buffered.
  void job_changed(const job_record& r);
  // Nonces up to `up_to` may be handed out: a job source that restarts
  // continues after it, so that no nonce is ever handed out twice, also not
  // one whose dispatch a crash took back. Durable when it returns.
  void nonces_reserved(uint64_t up_to);

  // Everything stored, buffered changes included, for the job queue to
  // rebuild itself at start-up.
  stored_jobs load();

 private:
  // Jobs changed and not yet committed: the latest state of each.
  struct batch {
    std::unordered_map<uuid, job_record> jobs;

    size_t size() const { return jobs.size(); }
  };

  static void insert(sqlite::connection& db, const job_record& r);
  static void update(sqlite::connection& db, const job_record& r);
  static void write(sqlite::connection& db, const batch& b);
  static void read_jobs(sqlite::connection& db, stored_jobs& out);

  database& db_;
  change_batch<batch> changes_;
};

}  // namespace broadside::storage
