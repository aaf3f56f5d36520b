// Cloud Assistant's status vocabularies read from the engine's invocations
// (docs/status-mapping.md).

#include "messages/cloud_assistant.hpp"
#include "schedule/schedule_error.hpp"

#include <gtest/gtest.h>

namespace broadside {
namespace {

using d = invocation_details;
using e = instance_error;
using i = instance_invocation_status;
using t = task_invocation_status;

TEST(CloudAssistantStatus, InstanceStatusFollowsTheEngineState) {
  EXPECT_EQ(instance_status_of(d::pending, e::none, false), i::pending);
  EXPECT_EQ(instance_status_of(d::delayed, e::none, false), i::pending);
  EXPECT_EQ(instance_status_of(d::in_progress, e::none, false), i::running);
  EXPECT_EQ(instance_status_of(d::cancelling, e::none, true), i::stopping);
  EXPECT_EQ(instance_status_of(d::success, e::none, true), i::success);
  EXPECT_EQ(instance_status_of(d::failed, e::exit_code_nonzero, true), i::failed);
  EXPECT_EQ(instance_status_of(d::execution_timed_out, e::execution_timeout, true), i::timeout);
  EXPECT_EQ(instance_status_of(d::invalid_platform, e::command_not_applicable, false), i::invalid);
  EXPECT_EQ(instance_status_of(d::undeliverable, e::instance_released, false), i::aborted);
  EXPECT_EQ(instance_status_of(d::delivery_timed_out, e::client_not_running, false), i::aborted);
  EXPECT_EQ(instance_status_of(d::delivery_timed_out, e::client_not_response, true), i::error);
}

TEST(CloudAssistantStatus, AStopNeverConfirmedIsAnError) {
  EXPECT_EQ(instance_status_of(invocation_details::cancelled, instance_error::termination_exception,
                               true),
            instance_invocation_status::error);
}

TEST(CloudAssistantStatus, AStopBeforeTheRunIsCancelledAndDuringItTerminated) {
  EXPECT_EQ(instance_status_of(d::cancelled, e::none, false), i::cancelled);
  EXPECT_EQ(instance_status_of(d::cancelled, e::none, true), i::terminated);
  // SSM's Terminated (never sent after MaxErrors) is a stop before the run.
  EXPECT_EQ(instance_status_of(d::terminated, e::none, false), i::cancelled);
}

TEST(CloudAssistantStatus, FailedRunsAreFailedInvalidOrErrorByTheirCode) {
  EXPECT_EQ(instance_status_of(d::failed, e::directory_not_exists, false), i::failed);
  EXPECT_EQ(instance_status_of(d::failed, e::account_not_exists, false), i::failed);
  EXPECT_EQ(instance_status_of(d::failed, e::command_content_decode_error, false), i::invalid);
  EXPECT_EQ(instance_status_of(d::failed, e::bad_cron_expression, false), i::invalid);
  EXPECT_EQ(instance_status_of(d::failed, e::invalid_container_id, false), i::invalid);
  EXPECT_EQ(instance_status_of(d::failed, e::client_restarted, true), i::error);
  EXPECT_EQ(instance_status_of(d::failed, e::execution_exception, false), i::error);
}

TEST(CloudAssistantStatus, AFileTheInstanceCouldNotCreateIsFailedAndAWrongOneInvalid) {
  for (auto code : {e::file_already_exists, e::user_group_not_exists})
    EXPECT_EQ(instance_status_of(d::failed, code, false), i::failed) << wire_name(code);
  for (auto code : {e::file_name_invalid, e::file_path_invalid, e::file_authority_invalid})
    EXPECT_EQ(instance_status_of(d::failed, code, false), i::invalid) << wire_name(code);
}

TEST(CloudAssistantStatus, ShownErrorIsTheEnginesOrImpliedByTheState) {
  EXPECT_EQ(shown_error(d::failed, e::none, 2), e::exit_code_nonzero);
  EXPECT_EQ(shown_error(d::failed, e::directory_not_exists, -1), e::directory_not_exists);
  EXPECT_EQ(shown_error(d::execution_timed_out, e::none, -1), e::execution_timeout);
  EXPECT_EQ(shown_error(d::delivery_timed_out, e::none, -1), e::delivery_timeout);
  EXPECT_EQ(shown_error(d::invalid_platform, e::none, -1), e::command_not_applicable);
  EXPECT_EQ(shown_error(d::success, e::none, 0), e::none);
  EXPECT_EQ(shown_error(d::cancelled, e::none, -1), e::none);
}

TEST(CloudAssistantStatus, TaskStatusTakesTheFirstRuleThatApplies) {
  // Anything still under way wins, in the order Pending, Running, Stopping, Scheduled.
  EXPECT_EQ(task_status_of({i::running, i::pending, i::success}), t::pending);
  EXPECT_EQ(task_status_of({i::stopping, i::running}), t::running);
  EXPECT_EQ(task_status_of({i::scheduled, i::stopping}), t::stopping);
  EXPECT_EQ(task_status_of({i::scheduled, i::failed}), t::scheduled);
  // All terminal.
  EXPECT_EQ(task_status_of({i::success, i::success}), t::success);
  EXPECT_EQ(task_status_of({i::success, i::cancelled, i::terminated}), t::success);
  EXPECT_EQ(task_status_of({i::success, i::timeout}), t::partial_failed);
  EXPECT_EQ(task_status_of({i::success, i::aborted, i::cancelled}), t::partial_failed);
  EXPECT_EQ(task_status_of({i::invalid, i::aborted, i::failed, i::timeout, i::error}), t::failed);
  EXPECT_EQ(task_status_of({i::failed, i::cancelled}), t::failed);
  EXPECT_EQ(task_status_of({i::cancelled, i::terminated}), t::stopped);
}

TEST(CloudAssistantStatus, RecordStatus) {
  EXPECT_EQ(record_status_of(i::pending), invoke_record_status::running);
  EXPECT_EQ(record_status_of(i::stopping), invoke_record_status::stopping);
  EXPECT_EQ(record_status_of(i::success), invoke_record_status::finished);
  EXPECT_EQ(record_status_of(i::failed), invoke_record_status::finished);
  EXPECT_EQ(record_status_of(i::timeout), invoke_record_status::failed);
  EXPECT_EQ(record_status_of(i::terminated), invoke_record_status::stopped);
  EXPECT_EQ(record_status_of(t::partial_failed), invoke_record_status::partial_failed);
  EXPECT_EQ(record_status_of(t::success), invoke_record_status::finished);
  EXPECT_EQ(record_status_of(t::scheduled), invoke_record_status::running);
}

TEST(CloudAssistantStatus, SpellingsRoundTrip) {
  for (int k = 0; k < 12; ++k) {
    auto s = static_cast<i>(k);
    EXPECT_EQ(parse_instance_invocation_status(wire_name(s)), s);
  }
  for (int k = 0; k < 8; ++k) {
    auto s = static_cast<t>(k);
    EXPECT_EQ(parse_task_invocation_status(wire_name(s)), s);
  }
  EXPECT_EQ(wire_name(t::partial_failed), "PartialFailed");
  EXPECT_EQ(wire_name(repeat_mode::next_reboot_only), "NextRebootOnly");
  EXPECT_EQ(parse_script_type("RunPowerShellScript"), script_type::run_power_shell_script);
  EXPECT_FALSE(parse_script_type("runshellscript"));
  EXPECT_EQ(document_of(script_type::run_shell_script), "AWS-RunShellScript");
  EXPECT_EQ(script_type_of("AWS-RunPowerShellScript"), script_type::run_power_shell_script);
  EXPECT_FALSE(script_type_of("AWS-ConfigureAWSPackage"));
}

TEST(InstanceError, EveryCodeHasASpellingAndASentence) {
  for (int k = 1; k < instance_error_count; ++k) {
    auto code = static_cast<instance_error>(k);
    EXPECT_FALSE(wire_name(code).empty()) << k;
    EXPECT_FALSE(error_info(code).empty()) << wire_name(code);
    EXPECT_EQ(parse_instance_error(wire_name(code)), code);
  }
  EXPECT_EQ(wire_name(e::invalid_gmt_offset_hour_for_timezone), "InvalidGMTOffsetHourForTimezone");
  EXPECT_EQ(wire_name(e::none), "");
  EXPECT_FALSE(parse_instance_error("NoSuchCode"));
}

// The scheduler reports its errors as schedule::schedule_error; the two
// vocabularies list the ten codes in the same order.
TEST(InstanceError, ScheduledCodesMatchTheSchedulesOwn) {
  for (int k = 0; k < 10; ++k) {
    auto code = static_cast<instance_error>(static_cast<int>(e::bad_cron_expression) + k);
    EXPECT_EQ(wire_name(code), schedule::wire_name(static_cast<schedule::schedule_error>(k)));
    EXPECT_EQ(error_info(code), schedule::error_message(static_cast<schedule::schedule_error>(k)));
  }
}

}  // namespace
}  // namespace broadside
