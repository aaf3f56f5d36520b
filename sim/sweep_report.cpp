#include "sim/sweep_report.hpp"

namespace broadside::sim {

namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string cell(const nlohmann::json& v) {
  return "<td>" + escape(v.is_string() ? v.get<std::string>() : v.dump()) + "</td>";
}

}  // namespace

std::string sweep_report_html(const nlohmann::json& rows) {
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Broadside sweep</title>\n"
      "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style></head><body>\n"
      "<h1>Broadside sweep: " + std::to_string(rows.size()) + " runs</h1>\n<table>\n<tr><th>run</th><th>seed</th>";
  std::vector<std::string> params;
  if (!rows.empty())
    for (const auto& [path, value] : rows[0].at("params").items())
      params.push_back(path);
  for (const auto& p : params)
    out += "<th>" + escape(p) + "</th>";
  out += "<th>complete</th><th>end_ms</th><th>events</th><th>commands: Status / StatusDetails, "
         "targets, completed, errors, delivery timed out</th></tr>\n";
  for (const auto& row : rows) {
    out += "<tr>" + cell(row.at("run")) + cell(row.at("seed"));
    for (const auto& p : params)
      out += cell(row.at("params").at(p));
    out += cell(row.at("complete")) + cell(row.at("end_ms")) + cell(row.at("events")) + "<td>";
    for (const auto& c : row.at("commands"))
      out += escape(c.at("status").get<std::string>() + " / " + c.at("status_details").get<std::string>())
             + ", " + c.at("target_count").dump() + ", " + c.at("completed_count").dump() + ", "
             + c.at("error_count").dump() + ", " + c.at("delivery_timed_out_count").dump() + "<br>";
    out += "</td></tr>\n";
  }
  return out + "</table>\n</body></html>\n";
}

}  // namespace broadside::sim
