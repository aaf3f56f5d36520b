// Test helper: writes sweep_report_html for the rows in a JSON file, so a
// browser can check the page (tests/check_html_report.py).
//
//     sweep_report_tool ROWS.json OUT.html

#include "report/sweep_report.hpp"

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: sweep_report_tool ROWS.json OUT.html\n";
    return 2;
  }
  std::ifstream in{argv[1]};
  std::ofstream out{argv[2]};
  out << broadside::report::sweep_report_html(nlohmann::json::parse(in));
  return out ? 0 : 1;
}
