#include "messages/message_types.hpp"

#include "messages/controller.hpp"
#include "messages/events.hpp"
#include "messages/faults.hpp"
#include "messages/fleet.hpp"
#include "messages/invocation_spec.hpp"
#include "messages/job.hpp"
#include "messages/run.hpp"
#include "messages/saved_command.hpp"
#include "messages/schedule.hpp"
#include "messages/send_command.hpp"

namespace broadside {

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<uuid>("broadside::uuid");
  cfg.add_message_type<target_selector>("broadside::target_selector");
  cfg.add_message_type<cloud_assistant_task>("broadside::cloud_assistant_task");
  cfg.add_message_type<send_command>("broadside::send_command");
  cfg.add_message_type<saved_command>("broadside::saved_command");
  cfg.add_message_type<save_command>("broadside::save_command");
  cfg.add_message_type<find_saved_command>("broadside::find_saved_command");
  cfg.add_message_type<cancel_command>("broadside::cancel_command");
  cfg.add_message_type<run_document>("broadside::run_document");
  cfg.add_message_type<run_request>("broadside::run_request");
  cfg.add_message_type<run_accepted>("broadside::run_accepted");
  cfg.add_message_type<run_result>("broadside::run_result");
  cfg.add_message_type<cancel_run>("broadside::cancel_run");
  cfg.add_message_type<invocation_spec>("broadside::invocation_spec");
  cfg.add_message_type<invocation_update>("broadside::invocation_update");
  cfg.add_message_type<command_counts>("broadside::command_counts");
  cfg.add_message_type<command_update>("broadside::command_update");
  cfg.add_message_type<node_info>("broadside::node_info");
  cfg.add_message_type<resolve_targets>("broadside::resolve_targets");
  cfg.add_message_type<resolved_targets>("broadside::resolved_targets");
  cfg.add_message_type<node_lookup>("broadside::node_lookup");
  cfg.add_message_type<node_status>("broadside::node_status");
  cfg.add_message_type<node_ping>("broadside::node_ping");
  cfg.add_message_type<describe_instances>("broadside::describe_instances");
  cfg.add_message_type<instance_information>("broadside::instance_information");
  cfg.add_message_type<std::vector<instance_information>>(
      "std::vector<broadside::instance_information>");
  cfg.add_message_type<register_node>("broadside::register_node");
  cfg.add_message_type<deregister_node>("broadside::deregister_node");
  cfg.add_message_type<agent_version_changed>("broadside::agent_version_changed");
  cfg.add_message_type<node_booted>("broadside::node_booted");
  cfg.add_message_type<watch_boots>("broadside::watch_boots");
  cfg.add_message_type<unwatch_boots>("broadside::unwatch_boots");
  cfg.add_message_type<node_fault>("broadside::node_fault");
  cfg.add_message_type<agent_hello>("broadside::agent_hello");
  cfg.add_message_type<submit_command>("broadside::submit_command");
  cfg.add_message_type<std::vector<uint32_t>>("std::vector<uint32_t>");
  cfg.add_message_type<job_status>("broadside::job_status");
  cfg.add_message_type<job_record>("broadside::job_record");
  cfg.add_message_type<create_job>("broadside::create_job");
  cfg.add_message_type<poll_for_jobs>("broadside::poll_for_jobs");
  cfg.add_message_type<polled_jobs>("broadside::polled_jobs");
  cfg.add_message_type<acknowledge_job>("broadside::acknowledge_job");
  cfg.add_message_type<get_job_details>("broadside::get_job_details");
  cfg.add_message_type<put_job_success_result>("broadside::put_job_success_result");
  cfg.add_message_type<job_success_recorded>("broadside::job_success_recorded");
  cfg.add_message_type<put_job_failure_result>("broadside::put_job_failure_result");
  cfg.add_message_type<schedule_fire>("broadside::schedule_fire");
  cfg.add_message_type<schedule_ended>("broadside::schedule_ended");
  cfg.add_message_type<stop_schedule>("broadside::stop_schedule");
}

}  // namespace broadside
