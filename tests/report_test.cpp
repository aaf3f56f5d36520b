// The HTML reports: what the pages say and the data their charts get (the
// drawing itself is checked in a browser by tests/check_html_report.py).

#include "report/html.hpp"
#include "report/run_report.hpp"
#include "report/sweep_report.hpp"
#include "sim/sim_summary.hpp"
#include "tests/sim_fixture.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace broadside::test {
namespace {

// The charts a page hands its script.
nlohmann::json charts_of(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"chart-data\">";
  auto from = page.find(open);
  EXPECT_NE(from, std::string::npos);
  from += open.size();
  return nlohmann::json::parse(page.substr(from, page.find("</script>", from) - from));
}

nlohmann::json command(const std::string& id, const std::string& details,
                       const nlohmann::json& invocations) {
  return {{"command_id", id}, {"status", details}, {"status_details", details},
          {"target_count", 10}, {"completed_count", 10}, {"error_count", 0},
          {"delivery_timed_out_count", 0}, {"invocations", invocations}};
}

nlohmann::json sweep_rows() {
  return nlohmann::json::array(
      {{{"run", 0}, {"seed", 1}, {"params", {{"commands[0].max_concurrency", "10"}}},
        {"complete", true}, {"end_ms", 600'000}, {"events", 123},
        {"commands", {command("c0", "Success", {{"Success", 10}})}}},
       {{"run", 1}, {"seed", 1}, {"params", {{"commands[0].max_concurrency", "</script><b>"}}},
        {"complete", true}, {"end_ms", 90'000}, {"events", 99},
        {"commands", {command("c1", "Failed", {{"Success", 7}, {"Failed", 3}})}}}});
}

TEST(SweepReport, TablesTheRunsAndChartsTheirStatusesAndEndTimes) {
  auto page = report::sweep_report_html(sweep_rows());
  EXPECT_NE(page.find("<title>Broadside sweep: 2 runs</title>"), std::string::npos);
  EXPECT_NE(page.find("<th>commands[0].max_concurrency</th>"), std::string::npos);
  EXPECT_NE(page.find("<td>10</td>"), std::string::npos);
  EXPECT_NE(page.find("Failed / Failed: 10 targets, 10 completed, 0 errors"), std::string::npos);
  // Parameters are text, never markup; nothing ends the data block early.
  EXPECT_NE(page.find("&lt;/script&gt;&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("http"), page.find("http://www.w3.org/2000/svg"));  // no external URL

  auto charts = charts_of(page);
  ASSERT_EQ(charts.size(), 2u);
  const auto& statuses = charts[0];
  EXPECT_EQ(statuses["kind"], "bars");
  EXPECT_TRUE(statuses["stacked"].get<bool>());
  EXPECT_EQ(statuses["categories"], (nlohmann::json{"run 0", "run 1"}));
  ASSERT_EQ(statuses["series"].size(), 2u);
  EXPECT_EQ(statuses["series"][0]["name"], "Success");
  EXPECT_EQ(statuses["series"][0]["values"], (nlohmann::json{10.0, 7.0}));
  EXPECT_EQ(statuses["series"][1]["name"], "Failed");
  EXPECT_EQ(statuses["series"][1]["values"], (nlohmann::json{0.0, 3.0}));
  EXPECT_EQ(charts[1]["series"][0]["values"], (nlohmann::json{600.0, 90.0}));
}

TEST(SweepReport, TakesTheSummaryDocumentsCommandsAndRejectsWhatIsNotRows) {
  auto plan = uniform_fleet(5, sim::fixed_behaviour{});
  plan.commands.push_back(command_to_all());
  auto summary = nlohmann::json(sim::summary_document(plan, run(plan)));
  nlohmann::json rows = nlohmann::json::array(
      {{{"run", 0}, {"seed", 1}, {"params", nlohmann::json::object()}, {"complete", true},
        {"end_ms", summary["end_ms"]}, {"events", summary["events"]},
        {"commands", summary["commands"]}}});
  auto charts = charts_of(report::sweep_report_html(rows));
  EXPECT_EQ(charts[0]["series"][0]["name"], "Success");
  EXPECT_EQ(charts[0]["series"][0]["values"], (nlohmann::json{5.0}));

  EXPECT_THROW(report::sweep_report_html(nlohmann::json::object()), std::invalid_argument);
  EXPECT_THROW(report::sweep_report_html(nlohmann::json::array({1})), std::invalid_argument);
}

TEST(RunReport, DrawsTheTimelineDurationsAndStatusesOfARun) {
  std::vector<sim::fixed_behaviour> nodes(6);
  nodes[2].exit_code = 2;
  auto plan = fleet_of(nodes);
  plan.commands.push_back(command_to_all("2", "5"));
  auto r = run(plan);
  auto page = report::run_report_html(sim::report_document("a <test>", plan, r));
  EXPECT_NE(page.find("<title>a &lt;test&gt;</title>"), std::string::npos);
  EXPECT_NE(page.find(to_string(r.commands[0].command_id)), std::string::npos);
  EXPECT_NE(page.find("Failed 1, Success 5"), std::string::npos);

  auto charts = charts_of(page);
  ASSERT_EQ(charts.size(), 5u);
  const auto& over_time = charts[0];
  ASSERT_EQ(over_time["series"].size(), 4u);
  EXPECT_EQ(over_time["series"][2]["name"], "completed");
  EXPECT_EQ(over_time["series"][2]["points"].back()[1], 6);
  EXPECT_EQ(over_time["series"][3]["points"].back()[1], 1);  // errors
  EXPECT_EQ(charts[1]["series"].size(), 2u);                  // Success and Failed
  EXPECT_DOUBLE_EQ(charts[2]["series"][0]["points"].back()[1].get<double>(), 1.0);  // the CDF
  EXPECT_EQ(charts[4]["categories"], (nlohmann::json{"0", "2"}));  // ResponseCodes
  EXPECT_EQ(charts[4]["series"][0]["values"], (nlohmann::json{5.0, 1.0}));
}

TEST(Html, EscapesTextAndFieldsAreForgiving) {
  EXPECT_EQ(report::escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  nlohmann::json j{{"a", 1}};
  EXPECT_EQ(report::field(j, "a"), 1);
  EXPECT_TRUE(report::field(j, "b").is_null());
  EXPECT_TRUE(report::field(nlohmann::json::array(), "a").is_null());
  EXPECT_EQ(report::text_of(nlohmann::json("<x>")), "&lt;x&gt;");
  EXPECT_EQ(report::number_of(nlohmann::json("3")), 0.0);
}

}  // namespace
}  // namespace broadside::test
