#include "storage/job_store.hpp"

#include "storage/job_json.hpp"

#include <stdexcept>
#include <string>

namespace broadside::storage {

namespace {

constexpr const char* insert_job =
    "INSERT INTO jobs (job_id, data, created_ms, status, nonce, result) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* update_job =
    "UPDATE jobs SET status = ?2, nonce = ?3, result = ?4 WHERE job_id = ?1";

}  // namespace

job_store::job_store(database& db) : db_(db), changes_(db, &job_store::write) {}

void job_store::insert(sqlite::connection& db, const job_record& r) {
  auto id = to_string(r.id);
  auto data = encode_job_data(r.data);
  auto result = encode_job_result(r);
  db.prepared(insert_job)
      .bind_text(1, id)
      .bind_text(2, data)
      .bind(3, r.created_ms)
      .bind_text(4, wire_name(r.status))
      .bind_text(5, r.nonce)
      .bind_text(6, result)
      .run();
}

void job_store::update(sqlite::connection& db, const job_record& r) {
  auto id = to_string(r.id);
  auto result = encode_job_result(r);
  db.prepared(update_job)
      .bind_text(1, id)
      .bind_text(2, wire_name(r.status))
      .bind_text(3, r.nonce)
      .bind_text(4, result)
      .run();
}

void job_store::write(sqlite::connection& db, const batch& b) {
  for (const auto& [id, r] : b.jobs)
    update(db, r);
}

void job_store::job_created(const job_record& r) {
  db_.write_durably([&](sqlite::connection& db) { insert(db, r); });
}

void job_store::job_reported(const job_record& r) {
  db_.write_durably([&](sqlite::connection& db) { update(db, r); });
}

void job_store::job_continued(const job_record& ended, const job_record& continuation) {
  db_.write_durably([&](sqlite::connection& db) {
    update(db, ended);
    insert(db, continuation);
  });
}

void job_store::job_changed(const job_record& r) {
  changes_.add([&](batch& b) { b.jobs[r.id] = r; });
}

void job_store::nonces_reserved(uint64_t up_to) {
  db_.write_durably([&](sqlite::connection& db) {
    db.prepared("UPDATE job_nonces SET reserved = ?1").bind(1, static_cast<int64_t>(up_to)).run();
  });
}

job_store::stored_jobs job_store::load() {
  stored_jobs out;
  db_.read([&](sqlite::connection& db) { read_jobs(db, out); });
  return out;
}

void job_store::read_jobs(sqlite::connection& db, stored_jobs& out) {
  sqlite::statement jobs{db,
                         "SELECT job_id, data, created_ms, status, nonce, result FROM jobs "
                         "ORDER BY sequence"};
  while (jobs.next_row()) {
    auto& r = out.jobs.emplace_back();
    auto id = jobs.text(0);
    auto parsed_id = parse_uuid(id);
    auto status = jobs.text(3);
    auto parsed_status = parse_job_status(status);
    if (!parsed_id || !parsed_status)
      throw std::runtime_error{db.file().string() + ": a stored job that does not read: "
                               + id + " " + status};
    r.id = *parsed_id;
    r.data = decode_job_data(jobs.text(1));
    r.created_ms = jobs.integer(2);
    r.status = *parsed_status;
    r.nonce = jobs.text(4);
    decode_job_result(jobs.text(5), r);
  }
  sqlite::statement nonces{db, "SELECT reserved FROM job_nonces"};
  if (nonces.next_row()) {
    out.nonces_reserved = static_cast<uint64_t>(nonces.integer(0));
    nonces.next_row();
  }
}

}  // namespace broadside::storage
