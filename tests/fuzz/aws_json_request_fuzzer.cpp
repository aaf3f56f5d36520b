// The AWS JSON 1.1 operations' input documents (api/ssm_requests.hpp,
// api/codepipeline_requests.hpp) on any bytes: the first line is the
// X-Amz-Target, the rest the body, read as the endpoint reads it. Nothing may
// throw; an accepted request keeps the model's limits.

#include "api/aws_json.hpp"
#include "api/codepipeline_requests.hpp"
#include "api/ssm_requests.hpp"
#include "messages/limit.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

namespace {

using namespace broadside;
using namespace broadside::api;
using fuzz::accepted;
using fuzz::check;

// A request read keeps `holds`.
template <class Request, class Holds>
void read(const std::variant<Request, api_error>& read, Holds holds) {
  if (const auto* r = accepted(read))
    check(holds(*r));
}

bool holds_limits(const send_command& c) {
  return c.instance_ids.empty() != c.targets.empty() && c.instance_ids.size() <= 50
         && c.targets.size() <= 5
         && std::set<std::string>(c.instance_ids.begin(), c.instance_ids.end()).size()
                == c.instance_ids.size()
         && !c.commands.empty() && c.delivery_timeout_ms >= 30'000
         && c.delivery_timeout_ms <= 2'592'000'000 && c.execution_timeout_ms >= 1'000
         && parse_max_concurrency(c.max_concurrency) && parse_max_errors(c.max_errors);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto newline = text.find('\n');
  auto target = text.substr(0, newline);
  auto input = input_document(newline == std::string_view::npos ? std::string_view{}
                                                                : text.substr(newline + 1));
  if (!input)
    return 0;
  const auto& in = *input;
  if (target == "AmazonSSM.SendCommand")
    read(read_send_command(in), holds_limits);
  else if (target == "AmazonSSM.ListCommands" || target == "AmazonSSM.ListCommandInvocations")
    read(read_command_listing(in, target == "AmazonSSM.ListCommandInvocations"),
         [](const command_listing& l) {
           return l.query.max_results >= 1 && l.query.max_results <= 50;
         });
  else if (target == "AmazonSSM.GetCommandInvocation")
    read(read_invocation_lookup(in),
         [](const invocation_lookup& l) { return !l.request.instance_id.empty(); });
  else if (target == "AmazonSSM.CancelCommand")
    read(read_cancel_command(in), [](const cancel_command& c) { return c.instance_ids.size() <= 50; });
  else if (target == "AmazonSSM.DescribeInstanceInformation")
    read(read_instance_listing(in),
         [](const instance_listing& l) { return l.max_results >= 5 && l.max_results <= 50; });
  else if (target == "CodePipeline_20150709.PollForJobs")
    read(read_poll_for_jobs(in),
         [](const poll_for_jobs& p) { return p.max_batch_size >= 1 && p.query.size() <= 1; });
  else if (target == "CodePipeline_20150709.AcknowledgeJob")
    read(read_acknowledge_job(in), [](const acknowledge_job& a) { return !a.nonce.empty(); });
  else if (target == "CodePipeline_20150709.GetJobDetails")
    read(read_get_job_details(in), [](const get_job_details&) { return true; });
  else if (target == "CodePipeline_20150709.PutJobSuccessResult")
    read(read_put_job_success_result(in), [](const put_job_success_result& r) {
      return r.continuation_token.empty() || r.output_variables.empty();
    });
  else if (target == "CodePipeline_20150709.PutJobFailureResult")
    read(read_put_job_failure_result(in), [](const put_job_failure_result&) { return true; });
  else if (target == "Broadside_Jobs.CreateJob")
    read(read_create_job(in), [](const create_job&) { return true; });
  return 0;
}
