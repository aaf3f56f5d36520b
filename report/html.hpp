#pragma once

// Self-contained HTML pages with charts: inline CSS, the data as inline JSON
// and a small inline script that draws each chart as SVG. No external URLs.
// The script records what it did on <body>: data-charts (charts on the
// page), data-plots (charts drawn with at least one data point) and
// data-errors (script errors and console.error calls), so a headless browser
// can check a page (tests/check_html_report.py).

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace broadside::report {

// `object[key]`, or null if `object` is not an object or lacks it: reports
// draw what they are given.
const nlohmann::json& field(const nlohmann::json& object, std::string_view key);

// A value as escaped display text: a string as is, other values as JSON,
// null as "".
std::string text_of(const nlohmann::json& value);

// A string value, or "" for anything else.
std::string string_of(const nlohmann::json& value);

// A number value, or 0 for anything else.
double number_of(const nlohmann::json& value);

// Text made safe for HTML element content and attribute values.
std::string escape_html(std::string_view text);

// A line (or step) chart: each series is [[x, y], ...], x ascending.
struct line_series {
  std::string name;
  nlohmann::json points = nlohmann::json::array();
};
nlohmann::json line_chart(std::string_view title, std::string_view x_label,
                          std::string_view y_label, const std::vector<line_series>& series,
                          bool step);

// A bar chart: one value per category in each series; bars side by side, or
// stacked.
struct bar_series {
  std::string name;
  std::vector<double> values;
};
nlohmann::json bar_chart(std::string_view title, std::string_view y_label,
                         const std::vector<std::string>& categories,
                         const std::vector<bar_series>& series, bool stacked);

// A page: the title, `body` (HTML, already escaped) and then the charts.
std::string html_page(std::string_view title, std::string_view body, const nlohmann::json& charts);

// An HTML table of already escaped cells; the first row is the header.
std::string html_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace broadside::report
