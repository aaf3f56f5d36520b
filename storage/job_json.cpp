#include "storage/job_json.hpp"

#include "storage/json_fields.hpp"

#include <stdexcept>
#include <utility>

namespace broadside::storage {

namespace {

using json = nlohmann::json;

// The enum value j[key] names, by `parse` (parse_action_category, ...).
template <class Parse>
auto enum_member(const json& j, const char* key, Parse&& parse) {
  auto name = j.at(key).get<std::string>();
  if (auto value = parse(name))
    return *value;
  throw std::runtime_error{std::string{"unknown "} + key + " \"" + name + "\""};
}

json encode(const artifact& a) {
  return {{"name", a.name},
          {"revision", a.revision},
          {"bucket_name", a.bucket_name},
          {"object_key", a.object_key}};
}

artifact decode_artifact(const json& j) {
  artifact a;
  read_if_present(j, "name", a.name);
  read_if_present(j, "revision", a.revision);
  read_if_present(j, "bucket_name", a.bucket_name);
  read_if_present(j, "object_key", a.object_key);
  return a;
}

json encode(const std::vector<artifact>& artifacts) {
  json out = json::array();
  for (const auto& a : artifacts)
    out.push_back(encode(a));
  return out;
}

void read_artifacts(const json& j, const char* key, std::vector<artifact>& out) {
  if (auto it = j.find(key); it != j.end())
    for (const auto& a : *it)
      out.push_back(decode_artifact(a));
}

// What the decoders throw, naming what did not read.
template <class Decode>
auto decoded(const char* what, Decode&& decode) {
  try {
    return decode();
  } catch (const std::exception& e) {
    throw std::runtime_error{std::string{"stored "} + what + " that does not read: " + e.what()};
  }
}

}  // namespace

std::string encode_job_data(const job_data& data) {
  const auto& type = data.action_type;
  const auto& p = data.pipeline;
  json j{
      {"action_type",
       {{"category", wire_name(type.category)},
        {"owner", wire_name(type.owner)},
        {"provider", type.provider},
        {"version", type.version}}},
      {"configuration", data.configuration},
      {"pipeline",
       {{"pipeline_name", p.pipeline_name},
        {"stage_name", p.stage_name},
        {"action_name", p.action_name},
        {"action_execution_id", p.action_execution_id},
        {"pipeline_arn", p.pipeline_arn},
        {"pipeline_execution_id", p.pipeline_execution_id}}},
      {"input_artifacts", encode(data.input_artifacts)},
      {"output_artifacts", encode(data.output_artifacts)},
      {"continuation_token", data.continuation_token},
  };
  return j.dump();
}

job_data decode_job_data(std::string_view text) {
  return decoded("job data", [&] {
    auto j = json::parse(text);
    job_data d;
    const auto& type = j.at("action_type");
    d.action_type.category = enum_member(type, "category", parse_action_category);
    d.action_type.owner = enum_member(type, "owner", parse_action_owner);
    read_if_present(type, "provider", d.action_type.provider);
    read_if_present(type, "version", d.action_type.version);
    read_if_present(j, "configuration", d.configuration);
    if (auto it = j.find("pipeline"); it != j.end()) {
      auto& p = d.pipeline;
      read_if_present(*it, "pipeline_name", p.pipeline_name);
      read_if_present(*it, "stage_name", p.stage_name);
      read_if_present(*it, "action_name", p.action_name);
      read_if_present(*it, "action_execution_id", p.action_execution_id);
      read_if_present(*it, "pipeline_arn", p.pipeline_arn);
      read_if_present(*it, "pipeline_execution_id", p.pipeline_execution_id);
    }
    read_artifacts(j, "input_artifacts", d.input_artifacts);
    read_artifacts(j, "output_artifacts", d.output_artifacts);
    read_if_present(j, "continuation_token", d.continuation_token);
    return d;
  });
}

std::string encode_job_result(const job_record& r) {
  json j{
      {"revision",
       {{"revision", r.revision.revision},
        {"change_identifier", r.revision.change_identifier},
        {"created_ms", r.revision.created_ms},
        {"revision_summary", r.revision.revision_summary}}},
      {"execution",
       {{"summary", r.execution.summary},
        {"external_execution_id", r.execution.external_execution_id},
        {"percent_complete", r.execution.percent_complete}}},
      {"output_variables", r.output_variables},
      {"failure",
       {{"type", wire_name(r.failure.type)},
        {"message", r.failure.message},
        {"external_execution_id", r.failure.external_execution_id}}},
  };
  return j.dump();
}

void decode_job_result(std::string_view text, job_record& r) {
  decoded("job result", [&] {
    auto j = json::parse(text);
    if (auto it = j.find("revision"); it != j.end()) {
      read_if_present(*it, "revision", r.revision.revision);
      read_if_present(*it, "change_identifier", r.revision.change_identifier);
      read_if_present(*it, "created_ms", r.revision.created_ms);
      read_if_present(*it, "revision_summary", r.revision.revision_summary);
    }
    if (auto it = j.find("execution"); it != j.end()) {
      read_if_present(*it, "summary", r.execution.summary);
      read_if_present(*it, "external_execution_id", r.execution.external_execution_id);
      read_if_present(*it, "percent_complete", r.execution.percent_complete);
    }
    read_if_present(j, "output_variables", r.output_variables);
    if (auto it = j.find("failure"); it != j.end()) {
      if (it->contains("type"))
        r.failure.type = enum_member(*it, "type", parse_failure_type);
      read_if_present(*it, "message", r.failure.message);
      read_if_present(*it, "external_execution_id", r.failure.external_execution_id);
    }
  });
}

}  // namespace broadside::storage
