#include "report/sweep_report.hpp"

#include "report/html.hpp"

#include <algorithm>
#include <stdexcept>

namespace broadside::report {

namespace {

// Parameter names over every run, in first-seen order.
std::vector<std::string> param_names(const nlohmann::json& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows)
    for (const auto& [name, value] : field(row, "params").items())
      if (std::find(out.begin(), out.end(), name) == out.end())
        out.push_back(name);
  return out;
}

// "Success / Success: 100 targets, 100 completed, 0 errors" per command.
std::string commands_text(const nlohmann::json& commands) {
  std::string out;
  for (const auto& c : commands) {
    out += (out.empty() ? "" : "<br>") + text_of(field(c, "status")) + " / "
           + text_of(field(c, "status_details")) + ": "
           + text_of(field(c, "target_count")) + " targets, "
           + text_of(field(c, "completed_count")) + " completed, "
           + text_of(field(c, "error_count")) + " errors";
  }
  return out;
}

std::string run_label(const nlohmann::json& row) {
  return "run " + text_of(field(row, "run"));
}

}  // namespace

std::string sweep_report_html(const nlohmann::json& rows) {
  if (!rows.is_array())
    throw std::invalid_argument("sweep report: the rows are not a JSON array");
  for (const auto& row : rows)
    if (!row.is_object())
      throw std::invalid_argument("sweep report: a row is not a JSON object");

  auto params = param_names(rows);
  std::vector<std::vector<std::string>> table{{"run", "seed"}};
  for (const auto& p : params)
    table[0].push_back(escape_html(p));
  for (const char* h : {"complete", "end (virtual ms)", "events", "commands"})
    table[0].emplace_back(h);
  for (const auto& row : rows) {
    std::vector<std::string> cells{text_of(field(row, "run")),
                                   text_of(field(row, "seed"))};
    const auto& values = field(row, "params");
    for (const auto& p : params)
      cells.push_back(text_of(field(values, p)));
    cells.push_back(text_of(field(row, "complete")));
    cells.push_back(text_of(field(row, "end_ms")));
    cells.push_back(text_of(field(row, "events")));
    cells.push_back(commands_text(field(row, "commands")));
    table.push_back(std::move(cells));
  }

  // Invocations per StatusDetails, summed over each run's commands.
  std::vector<std::string> runs;
  std::vector<bar_series> by_details;
  bar_series end{"end (s)", {}};
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    runs.push_back(run_label(row));
    for (auto& s : by_details)
      s.values.push_back(0);
    for (const auto& c : field(row, "commands")) {
      for (const auto& [name, n] : field(c, "invocations").items()) {
        auto s = std::find_if(by_details.begin(), by_details.end(),
                              [&](const bar_series& b) { return b.name == name; });
        if (s == by_details.end()) {
          by_details.push_back({name, std::vector<double>(r + 1, 0.0)});
          s = by_details.end() - 1;
        }
        s->values[r] += number_of(n);
      }
    }
    end.values.push_back(number_of(field(row, "end_ms")) / 1000.0);
  }
  auto charts = nlohmann::json::array();
  charts.push_back(bar_chart("Invocations per StatusDetails, per run", "invocations", runs,
                             by_details, true));
  charts.push_back(bar_chart("Virtual end time per run", "end (s)", runs, {end}, false));
  return html_page("Broadside sweep: " + std::to_string(rows.size()) + " runs",
                   html_table(table), charts);
}

}  // namespace broadside::report
