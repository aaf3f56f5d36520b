#include "sim/sweep_grid.hpp"

#include "sim/scenario_json.hpp"
#include "report/sweep_report.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <variant>

namespace broadside::sim {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Splits at commas that are not inside quotes, brackets or braces.
std::vector<std::string> split_values(const std::string& list) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < list.size(); ++i) {
    char c = list[i];
    if (quoted) {
      if (c == '\\' && i + 1 < list.size()) {
        current += c;
        c = list[++i];
      } else if (c == '"')
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(std::move(current));
  return out;
}

// `a.b[2].c` -> "a", "b", 2, "c".
using path_step = std::variant<std::string, size_t>;

std::vector<path_step> parse_path(const std::string& path) {
  std::vector<path_step> steps;
  size_t i = 0;
  auto bad = [&](const std::string& why) -> sweep_error {
    return sweep_error("--param " + path + ": " + why);
  };
  while (i < path.size()) {
    if (path[i] == '[') {
      auto close = path.find(']', i);
      if (close == std::string::npos || close == i + 1)
        throw bad("expected [index]");
      auto digits = path.substr(i + 1, close - i - 1);
      if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9)
        throw bad("\"" + digits + "\" is not an index");
      steps.emplace_back(static_cast<size_t>(std::stoul(digits)));
      i = close + 1;
      if (i < path.size() && path[i] != '.' && path[i] != '[')
        throw bad("expected . or [ after ]");
    } else {
      if (path[i] == '.') {
        if (steps.empty())
          throw bad("starts with .");
        ++i;
      }
      auto end = path.find_first_of(".[", i);
      if (end == std::string::npos)
        end = path.size();
      if (end == i)
        throw bad("empty key");
      steps.emplace_back(path.substr(i, end - i));
      i = end;
    }
  }
  if (steps.empty())
    throw bad("empty path");
  return steps;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string{"\"\""} : std::string(1, c);
  return out + "\"";
}

// A row value as CSV text: strings bare, everything else as JSON.
std::string csv_value(const ordered_json& v) {
  return csv_field(v.is_string() ? v.get<std::string>() : v.dump());
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out{path, std::ios::binary};
  out << text;
  out.close();
  if (!out)
    throw sweep_error("cannot write " + path.string());
}

}  // namespace

sweep_param parse_sweep_param(const std::string& spec) {
  auto eq = spec.find('=');
  if (eq == std::string::npos)
    throw sweep_error("--param " + spec + ": expected PATH=VALUE[,VALUE...]");
  sweep_param p;
  p.path = spec.substr(0, eq);
  parse_path(p.path);
  if (p.path == "seed")
    throw sweep_error("--param seed: give seeds with --seeds");
  for (auto& text : split_values(spec.substr(eq + 1))) {
    p.values.push_back(json::accept(text) ? json::parse(text) : json(text));
    p.texts.push_back(std::move(text));
  }
  return p;
}

std::vector<uint64_t> parse_seeds(const std::string& spec) {
  std::vector<uint64_t> seeds;
  std::set<uint64_t> seen;
  auto number = [&](const std::string& s) -> uint64_t {
    if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos)
      throw sweep_error("--seeds " + spec + ": \"" + s + "\" is not a seed");
    return std::stoull(s);
  };
  for (const auto& item : split_values(spec)) {
    auto dash = item.find('-');
    uint64_t first = number(item.substr(0, dash));
    uint64_t last = dash == std::string::npos ? first : number(item.substr(dash + 1));
    if (last < first || last - first >= 1'000'000)
      throw sweep_error("--seeds " + spec + ": \"" + item + "\" is not a range first-last");
    for (uint64_t s = first;; ++s) {
      if (!seen.insert(s).second)
        throw sweep_error("--seeds " + spec + ": seed " + std::to_string(s) + " appears twice");
      seeds.push_back(s);
      if (s == last)
        break;
    }
  }
  return seeds;
}

void set_at_path(json& doc, const std::string& path, const json& value) {
  auto steps = parse_path(path);
  json* at = &doc;
  std::string where;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (auto* key = std::get_if<std::string>(&steps[i])) {
      if (at->is_null())
        *at = json::object();
      if (!at->is_object())
        throw sweep_error((where.empty() ? "scenario" : where) + " is not an object");
      at = &(*at)[*key];
      where += (where.empty() ? "" : ".") + *key;
    } else {
      auto index = std::get<size_t>(steps[i]);
      if (!at->is_array())
        throw sweep_error((where.empty() ? "scenario" : where) + " is not an array");
      if (index >= at->size())
        throw sweep_error(where + " has no element " + std::to_string(index) + " (it has "
                          + std::to_string(at->size()) + ")");
      at = &(*at)[index];
      where += "[" + std::to_string(index) + "]";
    }
  }
  *at = value;
}

std::vector<sweep_run> expand_sweep(const json& base, const std::vector<sweep_param>& params,
                                    const std::vector<uint64_t>& seeds) {
  if (seeds.empty())
    throw sweep_error("no seeds");
  uint64_t points = 1;
  for (const auto& p : params) {
    points *= p.values.size();
    if (points * seeds.size() > 1'000'000)
      throw sweep_error("the sweep has more than 1000000 runs");
  }
  std::vector<sweep_run> runs;
  std::vector<size_t> choice(params.size(), 0);
  for (uint64_t point = 0; point < points; ++point) {
    // choice counts in mixed radix, the last parameter fastest.
    uint64_t rest = point;
    for (size_t k = params.size(); k-- > 0;) {
      choice[k] = rest % params[k].values.size();
      rest /= params[k].values.size();
    }
    for (auto seed : seeds) {
      sweep_run r;
      r.run = static_cast<uint32_t>(runs.size());
      r.seed = seed;
      r.choice = choice;
      json doc = base;
      try {
        for (size_t k = 0; k < params.size(); ++k)
          set_at_path(doc, params[k].path, params[k].values[choice[k]]);
        doc["seed"] = seed;
        parse_scenario(doc);
      } catch (const std::exception& e) {
        throw sweep_error(describe_run(r, params) + ": " + e.what());
      }
      r.scenario = doc.dump();
      runs.push_back(std::move(r));
    }
  }
  return runs;
}

std::string describe_run(const sweep_run& run, const std::vector<sweep_param>& params) {
  std::string out = "run " + std::to_string(run.run) + " (seed " + std::to_string(run.seed);
  for (size_t k = 0; k < params.size(); ++k)
    out += ", " + params[k].path + "=" + params[k].texts[run.choice[k]];
  return out + ")";
}

ordered_json sweep_row(const sweep_run& run, const std::vector<sweep_param>& params,
                       const ordered_json& summary) {
  ordered_json row;
  row["run"] = run.run;
  row["seed"] = run.seed;
  ordered_json values = ordered_json::object();
  for (size_t k = 0; k < params.size(); ++k)
    values[params[k].path] = params[k].texts[run.choice[k]];
  row["params"] = values;
  for (const auto& [key, value] : summary.items())
    if (key != "wall_s" && key != "peak_rss_mb")
      row[key] = value;
  return row;
}

std::string sweep_csv(const std::vector<sweep_param>& params, const std::vector<ordered_json>& rows) {
  static const char* const command_fields[] = {"status",          "status_details",
                                               "target_count",    "completed_count",
                                               "error_count",     "delivery_timed_out_count"};
  size_t commands = 0;
  for (const auto& row : rows)
    commands = std::max(commands, row.at("commands").size());
  std::string out = "run,seed";
  for (const auto& p : params)
    out += "," + csv_field(p.path);
  out += ",complete,end_ms,events";
  for (size_t i = 0; i < commands; ++i)
    for (const char* field : command_fields)
      out += ",cmd" + std::to_string(i) + "_" + field;
  out += "\n";
  for (const auto& row : rows) {
    out += csv_value(row.at("run")) + "," + csv_value(row.at("seed"));
    for (const auto& p : params)
      out += "," + csv_value(row.at("params").at(p.path));
    for (const char* key : {"complete", "end_ms", "events"})
      out += "," + csv_value(row.at(key));
    const auto& cmds = row.at("commands");
    for (size_t i = 0; i < commands; ++i)
      for (const char* field : command_fields)
        out += "," + (i < cmds.size() ? csv_value(cmds[i].at(field)) : std::string{});
    out += "\n";
  }
  return out;
}

std::string sweep_json(const std::vector<ordered_json>& rows) {
  std::string out = "[";
  for (size_t i = 0; i < rows.size(); ++i)
    out += (i == 0 ? "\n" : ",\n") + rows[i].dump();
  return out + "\n]\n";
}

void prepare_sweep_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw sweep_error("cannot create " + dir + (ec ? ": " + ec.message() : ""));
}

void write_sweep_outputs(const std::string& dir, const std::vector<sweep_param>& params,
                         const std::vector<ordered_json>& rows) {
  std::filesystem::path out{dir};
  write_file(out / "runs.csv", sweep_csv(params, rows));
  auto json_text = sweep_json(rows);
  write_file(out / "runs.json", json_text);
  write_file(out / "report.html", report::sweep_report_html(json::parse(json_text)));
}

}  // namespace broadside::sim
