// Writes the seed corpus of the agent_wire harness: the messages a real agent,
// the service and `broadside run` send each other in a typical run, written by
// CAF's binary serializer as caf::io writes them, each after the byte that
// picks its type in agent_wire_fuzzer.cpp. Run it again when a message changes:
//   build-fuzz/tests/fuzz/agent_wire_corpus tests/fuzz/corpus/agent_wire

#include "messages/events.hpp"
#include "messages/fleet.hpp"
#include "messages/run.hpp"
#include "messages/send_command.hpp"

#include <caf/binary_serializer.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

using namespace broadside;

template <class T>
void write(const std::string& dir, const std::string& name, char selector, T x) {
  std::vector<char> bytes{selector};
  caf::binary_serializer sink{nullptr, bytes};
  if (inspect(sink, x)) {
    std::cerr << name << ": cannot serialize\n";
    std::exit(1);
  }
  std::ofstream{dir + "/" + name, std::ios::binary}.write(bytes.data(),
                                                          static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: agent_wire_corpus DIRECTORY\n";
    return 2;
  }
  std::string dir = argv[1];
  auto id = make_uuid_v4(0x1234, 0x5678);
  write(dir, "node_info", 0,
        node_info{"mi-0123456789abcdef0", platform_type::linux_os, "3.3.0.0",
                  {{"role", "web"}, {"index", "3"}}, "6a1e2f0c-0d3b-4c1e-9a55-0e2d9b4f7c11"});
  run_document doc;
  doc.name = "AWS-RunShellScript";
  doc.plugin = "aws:runShellScript";
  doc.commands = {"echo hello", "exit 3"};
  doc.working_directory = "/tmp";
  doc.execution_timeout_ms = 600'000;
  doc.username = "nobody";
  write(dir, "run_document", 1, doc);
  doc.encoding = content_encoding::base64;
  doc.commands = {"ZWNobyBoZWxsbw=="};
  doc.enable_parameter = true;
  doc.container_name = "web";
  write(dir, "run_document_base64", 1, doc);
  write(dir, "run_accepted", 2, run_accepted{id, 7, 2, 1'790'000'000'000});
  run_result r;
  r.command_id = id;
  r.serial = 7;
  r.exit_code = 3;
  r.start_ms = 1'790'000'000'000;
  r.end_ms = r.start_ms + 1500;
  r.standard_output = "hello\n";
  r.error = instance_error::exit_code_nonzero;
  write(dir, "run_result", 3, r);
  r.outcome = run_outcome::interrupted;
  r.exit_code = -1;
  r.reason = std::string{reason_of(r.outcome, instance_error::client_restarted)};
  r.error = instance_error::client_restarted;
  r.output_dropped = 40'000;
  write(dir, "run_result_interrupted", 3, r);
  send_command c;
  c.command_id = id;
  c.targets = {{"tag:role", {"web"}}};
  c.document_name = "AWS-RunShellScript";
  c.commands = {"uptime"};
  c.parameters = {{"commands", {"uptime"}}};
  c.max_concurrency = "2";
  c.max_errors = "1";
  write(dir, "send_command", 4, c);
  command_update cu{id, command_details::in_progress, {4, 1, 0, 0}, {0, 2, 1, 1}, 1, 2};
  write(dir, "command_update", 5, cu);
  invocation_update iu;
  iu.command_id = id;
  iu.target = 1;
  iu.node = 3;
  iu.details = invocation_details::failed;
  iu.response_code = 3;
  iu.standard_output = "hello\n";
  iu.error = instance_error::exit_code_nonzero;
  write(dir, "invocation_update", 6, iu);
  write(dir, "target_selector", 7, target_selector{"InstanceIds", {"mi-0123456789abcdef0"}});
  return 0;
}
