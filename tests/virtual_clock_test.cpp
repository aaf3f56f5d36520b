#include "runtime/engine.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace broadside::runtime {
namespace {

using probe_atom = caf::atom_constant<caf::atom("probe")>;

struct log {
  std::vector<std::string> lines;
};

caf::behavior recorder(caf::event_based_actor* self, log* out, std::string name) {
  return {[=](probe_atom, int value) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  self->clock().now().time_since_epoch())
                  .count();
    out->lines.push_back(std::to_string(ms) + " " + name + " " + std::to_string(value));
  }};
}

TEST(VirtualClock, FiresInTimeOrderThenByReceiverAge) {
  engine e{{clock_kind::virtual_time, 0}};
  log out;
  auto older = e.system().spawn(recorder, &out, "older");
  auto younger = e.system().spawn(recorder, &out, "younger");
  // Arguments go through spawn: CAF 0.17 dereferences a null argument tuple
  // when a function actor is spawned without any (UBSan flags it).
  e.system().spawn(
      [](caf::event_based_actor* self, caf::actor older_one, caf::actor younger_one) {
        using std::chrono::milliseconds;
        self->delayed_send(younger_one, milliseconds{20}, probe_atom::value, 1);
        self->delayed_send(older_one, milliseconds{20}, probe_atom::value, 2);
        self->delayed_send(younger_one, milliseconds{5}, probe_atom::value, 3);
        self->delayed_send(younger_one, milliseconds{20}, probe_atom::value, 4);
      },
      older, younger);
  e.run();
  EXPECT_EQ(out.lines, (std::vector<std::string>{"5 younger 3", "20 older 2", "20 younger 1",
                                                 "20 younger 4"}));
  EXPECT_EQ(e.now_ms(), 20);
}

TEST(VirtualClock, HorizonStopsTimeAndRunResumes) {
  engine e{{clock_kind::virtual_time, 0}};
  log out;
  auto r = e.system().spawn(recorder, &out, "r");
  e.system().spawn(
      [](caf::event_based_actor* self, caf::actor to) {
        for (int i = 1; i <= 3; ++i)
          self->delayed_send(to, std::chrono::seconds{i}, probe_atom::value, i);
      },
      r);
  e.run({}, 1500);
  EXPECT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(e.now_ms(), 1000);
  e.run();
  EXPECT_EQ(out.lines.size(), 3u);
  EXPECT_EQ(e.now_ms(), 3000);
}

TEST(VirtualClock, RequestTimeoutsFireAndCancel) {
  engine e{{clock_kind::virtual_time, 0}};
  std::vector<std::string> seen;
  auto silent = e.system().spawn(
      [](caf::event_based_actor*, int) -> caf::behavior {
        return {[](probe_atom, int) -> caf::result<int> { return caf::delegated<int>{}; }};
      },
      0);
  auto echo = e.system().spawn(
      [](caf::event_based_actor*, int) -> caf::behavior {
        return {[](probe_atom, int x) { return x; }};
      },
      0);
  e.system().spawn([&](caf::event_based_actor* self, caf::actor quiet, caf::actor answers) {
    self->request(quiet, std::chrono::seconds{3}, probe_atom::value, 1)
        .then([&](int) { seen.push_back("silent answered"); },
              [&, self](caf::error& err) {
                seen.push_back("silent " + self->system().render(err) + " at "
                               + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    self->clock().now().time_since_epoch())
                                                    .count()));
              });
    self->request(answers, std::chrono::seconds{3}, probe_atom::value, 7)
        .then([&](int x) { seen.push_back("echo " + std::to_string(x)); },
              [&](caf::error&) { seen.push_back("echo timed out"); });
  }, silent, echo);
  e.run();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], "echo 7");
  EXPECT_NE(seen[1].find("request_timeout"), std::string::npos) << seen[1];
  EXPECT_NE(seen[1].find("at 3000"), std::string::npos) << seen[1];
}

}  // namespace
}  // namespace broadside::runtime
