#include "api/codepipeline_shapes.hpp"

#include <cmath>
#include <string>

namespace broadside::api {

using json = nlohmann::json;

const value_pattern job_id_pattern{"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"};

namespace {

// The model's string shapes this API takes.
const value_pattern identifier_pattern{"[0-9A-Za-z_-]+"};  // ActionProvider, Version
const value_pattern pipeline_name_pattern{"[A-Za-z0-9.@\\-_]+"};  // also StageName, ActionName
const value_pattern pipeline_arn_pattern{"arn:aws(-[\\w]+)*:codepipeline:.+:[0-9]{12}:.+"};
const value_pattern artifact_name_pattern{"[a-zA-Z0-9_\\-]+"};
const string_rule provider_rule{1, 35, &identifier_pattern};
const string_rule version_rule{1, 9, &identifier_pattern};
const string_rule configuration_key_rule{1, 50, nullptr};
const string_rule configuration_value_rule{1, 1000, nullptr};
const string_rule pipeline_name_rule{1, 100, &pipeline_name_pattern};
const string_rule uuid_rule{0, SIZE_MAX, &job_id_pattern};  // also PipelineExecutionId
const string_rule revision_rule{1, 1500, nullptr};
const string_rule execution_id_rule{1, 1500, nullptr};  // ExecutionId: externalExecutionId
constexpr std::array<std::string_view, 1> artifact_location_types{"S3"};

std::string at(std::string_view path, std::string_view name) {
  return path.empty() ? std::string{name} : std::string{path} + "." + std::string{name};
}

// Checks a required string member of `object` at `path`.
void required_string(validator& v, std::string_view path, const json* object,
                     std::string_view name, const string_rule& rule) {
  auto value = member(object, name);
  auto where = at(path, name);
  v.required(where, value).string(where, value, rule);
}

void optional_string(validator& v, std::string_view path, const json* object,
                     std::string_view name, const string_rule& rule) {
  v.string(at(path, name), member(object, name), rule);
}

std::string text(const json* object, std::string_view name) {
  auto value = member(object, name);
  return value ? value->get<std::string>() : std::string{};
}

void check_pipeline_context(validator& v, std::string_view path, const json* value) {
  auto context = v.structure(value);
  if (!context)
    return;
  optional_string(v, path, context, "pipelineName", pipeline_name_rule);
  if (auto stage = v.structure(member(context, "stage")))
    optional_string(v, at(path, "stage"), stage, "name", pipeline_name_rule);
  if (auto action = v.structure(member(context, "action"))) {
    optional_string(v, at(path, "action"), action, "name", pipeline_name_rule);
    optional_string(v, at(path, "action"), action, "actionExecutionId", {});
  }
  optional_string(v, path, context, "pipelineArn", {0, SIZE_MAX, &pipeline_arn_pattern});
  optional_string(v, path, context, "pipelineExecutionId", uuid_rule);
}

void check_artifacts(validator& v, std::string_view path, const json* value) {
  auto list = v.list(path, value);
  if (!list)
    return;
  for (size_t i = 0; i < list->size(); ++i) {
    auto where = at(path, std::to_string(i + 1) + ".member");
    auto artifact = v.structure(&(*list)[i]);
    if (!artifact)
      continue;
    optional_string(v, where, artifact, "name", {1, 100, &artifact_name_pattern});
    optional_string(v, where, artifact, "revision", revision_rule);
    auto location = v.structure(member(artifact, "location"));
    if (!location)
      continue;
    auto location_path = at(where, "location");
    v.enumeration(at(location_path, "type"), member(location, "type"), artifact_location_types);
    auto s3_path = at(location_path, "s3Location");
    if (auto s3 = v.structure(member(location, "s3Location"))) {
      required_string(v, s3_path, s3, "bucketName", {});
      required_string(v, s3_path, s3, "objectKey", {});
    }
  }
}

std::vector<artifact> read_artifacts(const json* list) {
  std::vector<artifact> out;
  if (!list)
    return out;
  for (const auto& a : *list) {
    auto s3 = member(member(&a, "location"), "s3Location");
    out.push_back({text(&a, "name"), text(&a, "revision"), text(s3, "bucketName"),
                   text(s3, "objectKey")});
  }
  return out;
}

json artifacts_json(const std::vector<artifact>& artifacts) {
  auto out = json::array();
  for (const auto& a : artifacts) {
    json x = {{"name", a.name}};
    if (!a.revision.empty())
      x["revision"] = a.revision;
    x["location"] = {{"type", "S3"},
                     {"s3Location", {{"bucketName", a.bucket_name}, {"objectKey", a.object_key}}}};
    out.push_back(std::move(x));
  }
  return out;
}

json pipeline_context_json(const pipeline_context& p) {
  auto out = json::object();
  auto put = [](json& to, const char* name, const std::string& value) {
    if (!value.empty())
      to[name] = value;
  };
  put(out, "pipelineName", p.pipeline_name);
  if (!p.stage_name.empty())
    out["stage"] = {{"name", p.stage_name}};
  auto action = json::object();
  put(action, "name", p.action_name);
  put(action, "actionExecutionId", p.action_execution_id);
  if (!action.empty())
    out["action"] = std::move(action);
  put(out, "pipelineArn", p.pipeline_arn);
  put(out, "pipelineExecutionId", p.pipeline_execution_id);
  return out;
}

}  // namespace

void check_job_id(validator& v, std::string_view path, const json* value) {
  v.required(path, value).string(path, value, uuid_rule);
}

void check_action_type_id(validator& v, std::string_view path, const json* value) {
  v.required(path, value);
  auto type = v.structure(value);
  if (!type)
    return;
  auto category = member(type, "category");
  v.required(at(path, "category"), category)
      .enumeration(at(path, "category"), category, action_category_names);
  auto owner = member(type, "owner");
  v.required(at(path, "owner"), owner).enumeration(at(path, "owner"), owner, action_owner_names);
  required_string(v, path, type, "provider", provider_rule);
  required_string(v, path, type, "version", version_rule);
}

void check_current_revision(validator& v, std::string_view path, const json* value) {
  auto revision = v.structure(value);
  if (!revision)
    return;
  required_string(v, path, revision, "revision", revision_rule);
  required_string(v, path, revision, "changeIdentifier", {1, 100, nullptr});
  v.timestamp(member(revision, "created"));
  optional_string(v, path, revision, "revisionSummary", {1, 2048, nullptr});
}

void check_execution_details(validator& v, std::string_view path, const json* value) {
  auto details = v.structure(value);
  if (!details)
    return;
  optional_string(v, path, details, "summary", {1, 2048, nullptr});
  optional_string(v, path, details, "externalExecutionId", execution_id_rule);
  v.integer(at(path, "percentComplete"), member(details, "percentComplete"), {0, 100});
}

void check_failure_details(validator& v, std::string_view path, const json* value) {
  v.required(path, value);
  auto details = v.structure(value);
  if (!details)
    return;
  auto type = member(details, "type");
  v.required(at(path, "type"), type).enumeration(at(path, "type"), type, failure_type_names);
  required_string(v, path, details, "message", {1, 5000, nullptr});
  optional_string(v, path, details, "externalExecutionId", execution_id_rule);
}

void check_job_data(validator& v, const json& input) {
  check_action_type_id(v, "actionTypeId", member(input, "actionTypeId"));
  if (auto configuration = v.structure(member(input, "actionConfiguration")))
    v.string_map("actionConfiguration.configuration", member(configuration, "configuration"), {},
                 configuration_key_rule, configuration_value_rule);
  check_pipeline_context(v, "pipelineContext", member(input, "pipelineContext"));
  check_artifacts(v, "inputArtifacts", member(input, "inputArtifacts"));
  check_artifacts(v, "outputArtifacts", member(input, "outputArtifacts"));
}

uuid read_job_id(const json& value) { return *parse_uuid(value.get_ref<const std::string&>()); }

action_type_id read_action_type_id(const json& value) {
  return {*parse_action_category(text(&value, "category")), *parse_action_owner(text(&value, "owner")),
          text(&value, "provider"), text(&value, "version")};
}

current_revision read_current_revision(const json* value) {
  current_revision out;
  if (!value)
    return out;
  out.revision = text(value, "revision");
  out.change_identifier = text(value, "changeIdentifier");
  if (auto created = member(value, "created"))
    out.created_ms = std::llround(created->get<double>() * 1000);
  out.revision_summary = text(value, "revisionSummary");
  return out;
}

execution_details read_execution_details(const json* value) {
  execution_details out;
  if (!value)
    return out;
  out.summary = text(value, "summary");
  out.external_execution_id = text(value, "externalExecutionId");
  if (auto percent = member(value, "percentComplete"))
    out.percent_complete = percent->get<int32_t>();
  return out;
}

failure_details read_failure_details(const json& value) {
  return {*parse_failure_type(text(&value, "type")), text(&value, "message"),
          text(&value, "externalExecutionId")};
}

std::map<std::string, std::string> read_string_map(const json* value) {
  return value ? value->get<std::map<std::string, std::string>>()
               : std::map<std::string, std::string>{};
}

job_data read_job_data(const json& input) {
  job_data out;
  out.action_type = read_action_type_id(*member(input, "actionTypeId"));
  out.configuration = read_string_map(member(member(input, "actionConfiguration"), "configuration"));
  if (auto p = member(input, "pipelineContext")) {
    out.pipeline.pipeline_name = text(p, "pipelineName");
    out.pipeline.stage_name = text(member(p, "stage"), "name");
    out.pipeline.action_name = text(member(p, "action"), "name");
    out.pipeline.action_execution_id = text(member(p, "action"), "actionExecutionId");
    out.pipeline.pipeline_arn = text(p, "pipelineArn");
    out.pipeline.pipeline_execution_id = text(p, "pipelineExecutionId");
  }
  out.input_artifacts = read_artifacts(member(input, "inputArtifacts"));
  out.output_artifacts = read_artifacts(member(input, "outputArtifacts"));
  return out;
}

json action_type_id_json(const action_type_id& x) {
  return {{"category", wire_name(x.category)},
          {"owner", wire_name(x.owner)},
          {"provider", x.provider},
          {"version", x.version}};
}

json job_data_json(const job_data& x) {
  json out = {{"actionTypeId", action_type_id_json(x.action_type)},
              {"actionConfiguration", {{"configuration", x.configuration}}},
              {"pipelineContext", pipeline_context_json(x.pipeline)},
              {"inputArtifacts", artifacts_json(x.input_artifacts)},
              {"outputArtifacts", artifacts_json(x.output_artifacts)}};
  if (!x.continuation_token.empty())
    out["continuationToken"] = x.continuation_token;
  return out;
}

json job_json(const job& x) {
  return {{"id", to_string(x.id)},
          {"data", job_data_json(x.data)},
          {"nonce", x.nonce},
          {"accountId", account_id}};
}

json job_details_json(const job_record& x) {
  return {{"id", to_string(x.id)}, {"data", job_data_json(x.data)}, {"accountId", account_id}};
}

}  // namespace broadside::api
