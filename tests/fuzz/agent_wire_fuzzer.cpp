// The messages agents, the service and `broadside run` send each other over
// CAF's network layer (messages/run.hpp, controller.hpp, events.hpp), read by
// CAF's binary deserializer from any bytes, as caf::io reads them: the first
// byte picks the type. A message read must hold only values its enums have
// (messages/wire_check.hpp), and be written back to the same bytes it reads
// from. Actor handles need a live network to be read, so the harness reads
// what surrounds them: node_info of agent_hello, run_document of run_request,
// send_command of submit_command.

#include "messages/events.hpp"
#include "messages/fleet.hpp"
#include "messages/run.hpp"
#include "messages/send_command.hpp"
#include "tests/fuzz/fuzz_check.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

using namespace broadside;
using fuzz::check;

template <class T>
std::vector<char> written(T& x) {
  std::vector<char> out;
  caf::binary_serializer sink{nullptr, out};
  check(!inspect(sink, x));
  return out;
}

// Reads a T; if it is one, checks its enums and that it reads back from what
// it writes.
template <class T, class Enums>
void read(const char* data, size_t size, Enums enums) {
  T x;
  caf::binary_deserializer source{nullptr, data, size};
  if (inspect(source, x))
    return;
  check(enums(x));
  auto bytes = written(x);
  T y;
  caf::binary_deserializer again{nullptr, bytes};
  check(!inspect(again, y));
  check(written(y) == bytes);
}

template <class... Es>
bool all_in_range(const Es&... xs) {
  return (in_range(xs) && ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  const auto* bytes = reinterpret_cast<const char*>(data) + 1;
  auto n = size - 1;
  switch (data[0] % 8) {
    case 0:
      read<node_info>(bytes, n, [](const node_info& x) { return all_in_range(x.platform); });
      break;
    case 1:
      read<run_document>(bytes, n, [](const run_document& x) {
        return all_in_range(x.encoding, x.needs);
      });
      break;
    case 2:
      read<run_accepted>(bytes, n, [](const run_accepted&) { return true; });
      break;
    case 3:
      read<run_result>(bytes, n, [](const run_result& x) { return all_in_range(x.outcome, x.error); });
      break;
    case 4:
      read<send_command>(bytes, n, [](const send_command& x) {
        return all_in_range(x.ramp, x.deadline, x.encoding, x.cloud_assistant.type,
                            x.cloud_assistant.repeat);
      });
      break;
    case 5:
      read<command_update>(bytes, n, [](const command_update& x) { return all_in_range(x.details); });
      break;
    case 6:
      read<invocation_update>(bytes, n, [](const invocation_update& x) {
        return all_in_range(x.details, x.error);
      });
      break;
    default:
      read<target_selector>(bytes, n, [](const target_selector&) { return true; });
      break;
  }
  return 0;
}
