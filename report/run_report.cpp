#include "report/run_report.hpp"

#include "report/html.hpp"

#include <algorithm>
#include <set>

namespace broadside::report {

namespace {

std::string cell_num(const nlohmann::json& v) { return "<td class=\"num\">" + text_of(v) + "</td>"; }

// "Success 10, Failed 2" from {"Success": 10, "Failed": 2}.
std::string counts_text(const nlohmann::json& by) {
  std::string out;
  for (const auto& [name, n] : by.items())
    out += (out.empty() ? "" : ", ") + escape_html(name) + " " + text_of(n);
  return out;
}

std::string run_table(const nlohmann::json& summary) {
  std::vector<std::vector<std::string>> rows{
      {"nodes", "commands", "complete", "end (virtual ms)", "events", "wall (s)", "peak RSS (MB)"}};
  rows.push_back({text_of(field(summary, "nodes")),
                  std::to_string(field(summary, "commands").size()),
                  text_of(field(summary, "complete")),
                  text_of(field(summary, "end_ms")),
                  text_of(field(summary, "events")),
                  text_of(field(summary, "wall_s")),
                  text_of(field(summary, "peak_rss_mb"))});
  return html_table(rows);
}

std::string command_table(const nlohmann::json& commands) {
  std::string out =
      "<table>\n<tr><th>command</th><th>Status</th><th>StatusDetails</th><th>targets</th>"
      "<th>completed</th><th>errors</th><th>delivery timed out</th><th>invocations</th>"
      "<th>ResponseCode</th><th>duration p50 / p90 / p99 / max (ms)</th></tr>\n";
  for (const auto& c : commands) {
    const auto& d = field(c, "duration_ms");
    out += "<tr><td>" + text_of(field(c, "command_id")) + "</td><td>"
           + text_of(field(c, "status")) + "</td><td>"
           + text_of(field(c, "status_details")) + "</td>"
           + cell_num(field(c, "target_count"))
           + cell_num(field(c, "completed_count"))
           + cell_num(field(c, "error_count"))
           + cell_num(field(c, "delivery_timed_out_count")) + "<td>"
           + counts_text(field(c, "invocations")) + "</td><td>"
           + counts_text(field(c, "response_codes")) + "</td><td>"
           + text_of(field(d, "p50")) + " / " + text_of(field(d, "p90"))
           + " / " + text_of(field(d, "p99")) + " / "
           + text_of(field(d, "max")) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::vector<std::string> columns_of(const nlohmann::json& timeline) {
  std::vector<std::string> out;
  for (const auto& c : field(timeline, "columns"))
    out.push_back(string_of(c));
  return out;
}

std::string short_id(const std::string& command_id) { return command_id.substr(0, 8); }

// The timeline's columns `names` as step series over virtual seconds.
std::vector<line_series> timeline_series(const nlohmann::json& timeline,
                                         const std::vector<std::string>& names) {
  std::vector<line_series> out;
  auto columns = columns_of(timeline);
  for (const auto& name : names) {
    size_t col = 0;
    while (col < columns.size() && columns[col] != name)
      ++col;
    if (col == columns.size())
      continue;
    line_series s{name};
    for (const auto& row : field(timeline, "rows"))
      s.points.push_back({number_of(row[0]) / 1000.0, row[col]});
    out.push_back(std::move(s));
  }
  return out;
}

// Terminal StatusDetails columns with a non-zero value somewhere.
std::vector<std::string> terminal_columns(const nlohmann::json& timeline) {
  static const std::set<std::string> not_terminal{"t_ms",      "pending",    "in_flight",
                                                  "completed", "errors",     "InProgress",
                                                  "Delayed",   "Cancelling"};
  std::vector<std::string> out;
  auto columns = columns_of(timeline);
  const auto& rows = field(timeline, "rows");
  for (size_t col = 0; col < columns.size(); ++col) {
    if (not_terminal.count(columns[col]))
      continue;
    for (const auto& row : rows)
      if (number_of(row[col]) > 0) {
        out.push_back(columns[col]);
        break;
      }
  }
  return out;
}

// Bars of one per-command count object (`key`): categories are the names
// seen in any command, in first-seen order; one series per command.
nlohmann::json per_command_bars(const nlohmann::json& commands, const std::string& key,
                                const std::string& title, const std::string& y_label) {
  std::vector<std::string> categories;
  for (const auto& c : commands)
    for (const auto& [name, n] : field(c, key).items())
      if (std::find(categories.begin(), categories.end(), name) == categories.end())
        categories.push_back(name);
  std::vector<bar_series> series;
  for (const auto& c : commands) {
    bar_series s{short_id(string_of(field(c, "command_id"))), {}};
    for (const auto& name : categories)
      s.values.push_back(number_of(field(field(c, key), name)));
    series.push_back(std::move(s));
  }
  return bar_chart(title, y_label, categories, series, false);
}

}  // namespace

std::string run_report_html(const nlohmann::json& document) {
  const auto& summary = field(document, "summary");
  const auto& commands = field(summary, "commands");
  const auto& timeline = field(document, "timeline");

  auto body = run_table(summary) + command_table(commands);
  auto charts = nlohmann::json::array();
  charts.push_back(line_chart("Invocations over virtual time", "virtual time (s)", "invocations",
                              timeline_series(timeline, {"pending", "in_flight", "completed",
                                                         "errors"}),
                              true));
  charts.push_back(line_chart("Terminal states over virtual time", "virtual time (s)",
                              "invocations",
                              timeline_series(timeline, terminal_columns(timeline)), true));
  std::vector<line_series> cdfs;
  for (const auto& d : field(document, "durations")) {
    line_series s{short_id(string_of(field(d, "command_id")))};
    for (const auto& p : field(d, "cdf"))
      s.points.push_back({number_of(p[0]) / 1000.0, p[1]});
    cdfs.push_back(std::move(s));
  }
  charts.push_back(line_chart("Invocation duration CDF (sent → terminal)", "duration (s)",
                              "fraction of invocations", cdfs, true));
  charts.push_back(per_command_bars(commands, "invocations", "Invocations per StatusDetails",
                                    "invocations"));
  charts.push_back(per_command_bars(commands, "response_codes", "Invocations per ResponseCode",
                                    "invocations"));
  return html_page(string_of(field(document, "title")), body, charts);
}

}  // namespace broadside::report
