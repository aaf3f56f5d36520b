// The schedule actor (actors/schedule_actor) in virtual time: rate, at and
// cron fires at the right instants (also across DST changes), stop, stale and
// late timers, restarts after missed fires.
//
// Expected instants were computed with Python's zoneinfo over Debian's tzdata.

#include "actors/schedule_actor.hpp"
#include "messages/atoms.hpp"
#include "messages/schedule.hpp"
#include "runtime/engine.hpp"
#include "schedule/civil_time.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace broadside {
namespace {

using schedule::civil_time;

int64_t utc_ms(int year, int month, int day, int hour, int minute = 0) {
  return schedule::seconds_from_civil(civil_time{year, month, day, hour, minute, 0}) * 1000;
}

constexpr int64_t hour_ms = 3'600'000;

// What the owner saw: each fire (repeat, at_ms, when it arrived) and the end.
struct owner_log {
  struct fire {
    uint32_t repeat;
    int64_t at_ms;
    int64_t received_ms;
  };
  std::vector<fire> fires;
  std::optional<uint32_t> ended;  // schedule_ended's count of fires
};

// Records what the schedule sends; after `stop_after` fires (0: never) it
// stops the schedule, twice (stop is idempotent).
caf::behavior owner(caf::event_based_actor* self, runtime::context* ctx, owner_log* log,
                    uint32_t stop_after) {
  return {
      [=](const schedule_fire& f) {
        log->fires.push_back({f.repeat, f.at_ms, runtime::now_ms(self, *ctx)});
        if (f.repeat == stop_after) {
          auto schedule = caf::actor_cast<caf::actor>(self->current_sender());
          self->send(schedule, stop_schedule{});
          self->send(schedule, stop_schedule{});
        }
      },
      [=](const schedule_ended& e) { log->ended = e.repeats; },
  };
}

schedule::frequency parsed(std::string_view text, int64_t now_ms) {
  auto result = schedule::parse_frequency(text, now_ms);
  if (const auto* failure = std::get_if<schedule::frequency_error>(&result)) {
    ADD_FAILURE() << text << ": " << failure->message;
    return schedule::at_frequency{};
  }
  return std::get<schedule::frequency>(std::move(result));
}

// A virtual-time engine whose clock reads `start_ms` at its zero.
struct schedule_run {
  explicit schedule_run(int64_t start_ms) {
    ctx.epoch_ms = start_ms;
    ctx.clock = engine.clock();
  }

  caf::actor start(const schedule::frequency& f, uint32_t stop_after = 0) {
    auto& sys = engine.system();
    auto who = sys.spawn(owner, &ctx, &log, stop_after);
    return sys.spawn(schedule_actor, &ctx, f, who);
  }

  std::vector<int64_t> fire_instants() const {
    std::vector<int64_t> out;
    for (const auto& f : log.fires)
      out.push_back(f.at_ms);
    return out;
  }

  runtime::context ctx;
  owner_log log;
  runtime::engine engine{{runtime::clock_kind::virtual_time, 0}};
};

TEST(ScheduleActor, RateFiresOneIntervalAfterCreationThenAtFixedRate) {
  auto start = utc_ms(2024, 1, 1, 0);
  schedule_run r{start};
  r.start(parsed("rate(1h)", start));
  r.engine.run({}, 5 * hour_ms);  // a rate never ends: stop time at 5 h
  ASSERT_EQ(r.log.fires.size(), 5u);
  for (uint32_t k = 0; k < 5; ++k) {
    EXPECT_EQ(r.log.fires[k].repeat, k + 1);
    EXPECT_EQ(r.log.fires[k].at_ms, start + (k + 1) * hour_ms);
    EXPECT_EQ(r.log.fires[k].received_ms, r.log.fires[k].at_ms) << "a fire arrives at its instant";
  }
  EXPECT_FALSE(r.log.ended);
}

TEST(ScheduleActor, AtFiresOnceAndEnds) {
  auto start = utc_ms(2024, 1, 1, 0);
  schedule_run r{start};
  r.start(parsed("at(2024-06-06 13:15:30 Asia/Shanghai)", start));
  r.engine.run();  // ends by itself: nothing is left pending
  EXPECT_EQ(r.fire_instants(), (std::vector<int64_t>{utc_ms(2024, 6, 6, 5, 15) + 30'000}));
  EXPECT_EQ(r.log.ended, 1u);
}

TEST(ScheduleActor, CronFiresAtTheRightUtcInstantsAcrossDstChanges) {
  // 02:30 New York every day: on 2024-03-10 the clocks skip from 02:00 EST
  // to 03:00 EDT, and 02:30 is read with the offset before the gap (03:30
  // EDT, the same UTC instant as the day before).
  auto spring = utc_ms(2024, 3, 8, 12);
  schedule_run r{spring};
  r.start(parsed("0 30 2 * * ? America/New_York", spring));
  r.engine.run({}, utc_ms(2024, 3, 12, 0) - spring);
  EXPECT_EQ(r.fire_instants(), (std::vector<int64_t>{utc_ms(2024, 3, 9, 7, 30), utc_ms(2024, 3, 10, 7, 30),
                                                     utc_ms(2024, 3, 11, 6, 30)}));
  // 01:30 New York: on 2024-11-03 it happens twice (EDT, then EST); it
  // fires at the first only.
  auto fall = utc_ms(2024, 11, 1, 12);
  schedule_run f{fall};
  f.start(parsed("0 30 1 * * ? America/New_York", fall));
  f.engine.run({}, utc_ms(2024, 11, 5, 0) - fall);
  EXPECT_EQ(f.fire_instants(), (std::vector<int64_t>{utc_ms(2024, 11, 2, 5, 30), utc_ms(2024, 11, 3, 5, 30),
                                                     utc_ms(2024, 11, 4, 6, 30)}));
}

TEST(ScheduleActor, CronWithAYearEndsAfterItsLastFire) {
  auto start = utc_ms(2024, 12, 29, 0);
  schedule_run r{start};
  r.start(parsed("0 0 12 * * ? 2024", start));
  r.engine.run();
  EXPECT_EQ(r.fire_instants(), (std::vector<int64_t>{utc_ms(2024, 12, 29, 12), utc_ms(2024, 12, 30, 12),
                                                     utc_ms(2024, 12, 31, 12)}));
  EXPECT_EQ(r.log.ended, 3u);
}

TEST(ScheduleActor, StopMidWayEndsItWithNoFurtherRun) {
  auto start = utc_ms(2024, 1, 1, 0);
  schedule_run r{start};
  r.start(parsed("rate(1h)", start), 3);
  // No horizon: a schedule that kept its timer would run forever.
  r.engine.run();
  ASSERT_EQ(r.log.fires.size(), 3u);
  EXPECT_EQ(r.log.fires.back().at_ms, start + 3 * hour_ms);
  EXPECT_FALSE(r.log.ended) << "a stopped schedule did not end by itself";
  EXPECT_EQ(r.ctx.unexpected_messages, 0u);
}

TEST(ScheduleActor, StaleTimersDoNothing) {
  auto start = utc_ms(2024, 1, 1, 0);
  schedule_run r{start};
  auto schedule = r.start(parsed("rate(1h)", start));
  r.engine.run({}, 90 * 60'000);
  ASSERT_EQ(r.log.fires.size(), 1u);
  // The timer of fire 1 again (on the real clock a timer cannot be called
  // off), and one for a fire that is not armed.
  caf::anon_send(schedule, timer_atom::value, uint64_t{1});
  caf::anon_send(schedule, timer_atom::value, uint64_t{3});
  r.engine.run({}, 150 * 60'000);
  ASSERT_EQ(r.log.fires.size(), 2u) << "only fire 2, at its own time";
  EXPECT_EQ(r.log.fires[1].at_ms, start + 2 * hour_ms);
  // After a stop, the timer of the fire that was armed arrives: nothing.
  caf::anon_send(schedule, stop_schedule{});
  r.engine.run({}, 150 * 60'000);
  caf::anon_send(schedule, timer_atom::value, uint64_t{3});
  r.engine.run();
  EXPECT_EQ(r.log.fires.size(), 2u);
  EXPECT_EQ(r.ctx.unexpected_messages, 0u);
}

TEST(ScheduleActor, MissedFiresBeforeItStartsAreSkipped) {
  // A restart 5.5 hours after the rate's creation: the first fire is the
  // rate's next instant (6 h), counted as repeat 1; nothing is replayed.
  auto created = utc_ms(2024, 1, 1, 0);
  auto restart = created + 5 * hour_ms + hour_ms / 2;
  schedule_run r{restart};
  r.start(parsed("rate(1h)", created));
  r.engine.run({}, 2 * hour_ms);
  EXPECT_EQ(r.fire_instants(), (std::vector<int64_t>{created + 6 * hour_ms, created + 7 * hour_ms}));
  EXPECT_EQ(r.log.fires[0].repeat, 1u);
}

TEST(ScheduleActor, ALateTimerFiresOnceAndSkipsWhatItMissed) {
  // The engine clock jumps 3.5 hours ahead after the first timer was armed
  // (a suspended machine, a clock set forward): the timer for 1 h arrives at
  // 4.5 h. It fires once, for 1 h; the next fire is 5 h.
  auto start = utc_ms(2024, 1, 1, 0);
  schedule_run r{start};
  r.start(parsed("rate(1h)", start));
  r.engine.run({}, 0);  // the actor starts and arms its first timer
  r.ctx.epoch_ms += 3 * hour_ms + hour_ms / 2;
  r.engine.run({}, 2 * hour_ms);
  ASSERT_EQ(r.log.fires.size(), 2u);
  EXPECT_EQ(r.log.fires[0].at_ms, start + hour_ms);
  EXPECT_EQ(r.log.fires[0].received_ms, start + 4 * hour_ms + hour_ms / 2);
  EXPECT_EQ(r.log.fires[1].repeat, 2u);
  EXPECT_EQ(r.log.fires[1].at_ms, start + 5 * hour_ms);
}

}  // namespace
}  // namespace broadside
