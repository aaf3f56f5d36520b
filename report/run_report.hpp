#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace broadside::report {

// `broadside sim --report`: one self-contained page for one run, from
// sim::report_document — the summary table, then in-flight / pending /
// completed / errors and the terminal states over virtual time, the CDF of
// invocation durations, invocations per StatusDetails and per ResponseCode.
std::string run_report_html(const nlohmann::json& document);

}  // namespace broadside::report
