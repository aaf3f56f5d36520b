#pragma once

// The actor clock of the virtual-time runtime. Nothing here ever waits: time
// only moves when the coordinator fires the earliest pending event.
//
// Ordering is total and deterministic: (due time, order key, schedule order).
// The order key is the receiver's actor id, or one the sender gives
// (deliver_at, set_timer): a reused invocation actor is addressed by its
// invocation's serial, drawn from the actor-id counter in send order. So
// events that are simultaneous in virtual time reach older actors and
// invocations first, and simultaneous reports are handled in the order their
// targets were sent (the fanout scenario's tie rule) without any actor having
// to know about it.

#include <caf/actor_clock.hpp>
#include <caf/group.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_id.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace broadside::runtime {

class virtual_clock final : public caf::actor_clock {
public:
  virtual_clock() = default;

  // -- caf::actor_clock -------------------------------------------------------

  time_point now() const noexcept override { return now_; }

  void set_ordinary_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                            uint64_t id) override;
  void set_multi_timeout(time_point t, caf::abstract_actor* self, caf::atom_value type,
                         uint64_t id) override;
  void set_request_timeout(time_point t, caf::abstract_actor* self, caf::message_id id) override;
  void cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) override;
  void cancel_request_timeout(caf::abstract_actor* self, caf::message_id id) override;
  void cancel_timeouts(caf::abstract_actor* self) override;
  void schedule_message(time_point t, caf::strong_actor_ptr receiver,
                        caf::mailbox_element_ptr content) override;
  void schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                        caf::message content) override;
  void cancel_all() override;

  // -- Broadside's own deliveries ---------------------------------------------

  // Names a delivery scheduled by deliver_at, to call it off.
  struct ticket {
    uint32_t slot = UINT32_MAX;
    uint64_t seq = 0;
  };

  // Like schedule_message, but ordered among simultaneous events by `order`
  // instead of the receiver's id (an actor reused for one job after another
  // passes a key drawn, like an actor id, when it took the current job), and
  // cancellable.
  ticket deliver_at(time_point t, caf::actor_id order, caf::strong_actor_ptr receiver,
                    caf::mailbox_element_ptr content);

  // The message (type, payload) to `receiver` at `t`, ordered and
  // cancellable like deliver_at's, but made (and allocated) only if it fires:
  // for deadlines that are nearly always called off.
  ticket set_timer(time_point t, caf::actor_id order, caf::strong_actor_ptr receiver,
                   caf::atom_value type, uint64_t payload);

  // Drops the delivery if it is still pending (and its receiver reference
  // with it); a no-op for one already delivered.
  void cancel(ticket t);

  // -- driving time -----------------------------------------------------------

  // Takes the actor messages that come due (by default they are enqueued in
  // the receiver's mailbox).
  class delivery {
  public:
    virtual ~delivery() = default;
    virtual void deliver(caf::strong_actor_ptr to, caf::mailbox_element_ptr msg) = 0;
  };

  void set_delivery(delivery* d) noexcept { delivery_ = d; }

  bool has_pending() const noexcept { return near_count_ > 0 || !far_.empty(); }

  enum class fired { delivered, dropped, beyond_horizon };

  // Moves time to the earliest pending event and delivers it, unless it is
  // due after `horizon_ms` (then nothing changes). `dropped`: the event was
  // a cancelled timeout or delivery. Requires has_pending().
  fired fire_next(int64_t horizon_ms = INT64_MAX);

  // Milliseconds since the start of virtual time.
  int64_t now_ms() const noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now_.time_since_epoch()).count();
  }

  size_t pending() const noexcept { return near_count_ + far_.size(); }

private:
  enum class kind : uint8_t {
    ordinary_timeout,
    multi_timeout,
    request_timeout,
    actor_msg,
    group_msg,
    actor_timer,   // (type, id), made into a message only when it fires
    cancelled_msg  // an actor message or timer called off
  };

  static constexpr uint32_t none = UINT32_MAX;

  // What an event delivers.
  struct payload {
    caf::strong_actor_ptr actor;  // receiver, timeout owner, or a group message's sender
    caf::mailbox_element_ptr content;
    caf::atom_value type{};  // of a timeout or an actor timer
    // timeout id, message id for request timeouts, group message seq, or an
    // actor timer's payload
    uint64_t id = 0;
  };

  // A pending event in one cache line: its sort key, its link in a wheel
  // bucket and what it delivers. Popping an event touches nothing else
  // (at a million nodes, the events' memory no longer fits in L2).
  struct alignas(64) slot {
    time_point due{};
    caf::actor_id tiebreak = 0;
    uint64_t seq = 0;
    uint32_t next = none;  // the next slot of its wheel bucket
    kind what = kind::cancelled_msg;
    payload ev;
  };
  static_assert(sizeof(slot) == 64);

  struct group_message {
    caf::group target;
    caf::message content;
  };

  // What the far heap orders (the events themselves stay put in slots_).
  struct key {
    time_point due;
    caf::actor_id tiebreak;
    uint64_t seq;
    uint32_t slot;
  };

  template <class A, class B>
  static bool later(const A& a, const B& b) noexcept {
    if (a.due != b.due)
      return a.due > b.due;
    if (a.tiebreak != b.tiebreak)
      return a.tiebreak > b.tiebreak;
    return a.seq > b.seq;
  }

  struct later_key {
    bool operator()(const key& a, const key& b) const noexcept { return later(a, b); }
  };

  // Schedules an event as number next_seq_; returns its slot.
  uint32_t push(time_point due, caf::actor_id tiebreak, kind what, payload ev);
  bool live(kind what, const payload& ev, uint64_t seq) const;

  // The queue: a timing wheel of one bucket per millisecond for the next
  // wheel_ms milliseconds from base_ms_ (nearly every event: network
  // latencies, runs, ack waits), and a binary heap (far_) for what lies
  // beyond. Each bucket is a list threaded through the slots, sorted
  // (earliest first) when it becomes the earliest and consumed from the
  // front; events added to it from then on are put in order. Invariant: near events are in [base_ms_, base_ms_ + wheel_ms), far
  // ones after; base_ms_ only moves to the millisecond of the earliest event,
  // and far events that enter the window then move into the wheel. A
  // cancelled event stays queued (emptied) until it comes up: unlinking it
  // would need a second link per slot.
  static constexpr int64_t wheel_ms = 8192;  // a power of two, beyond the first ack wait
  static int64_t ms_of(time_point t) noexcept;
  void insert_near(int64_t ms, uint32_t s);
  void sort_bucket(size_t b);
  size_t earliest_bucket() const noexcept;  // requires near_count_ > 0
  void advance(int64_t ms);                 // base_ms_ = ms, refilling from far_

  void deliver(caf::strong_actor_ptr to, caf::mailbox_element_ptr msg);

  delivery* delivery_ = nullptr;
  time_point now_{};
  uint64_t next_seq_ = 0;
  uint64_t next_group_message_ = 0;
  struct bucket_list {
    uint32_t head = none;
    uint32_t tail = none;
  };
  std::vector<bucket_list> wheel_ = std::vector<bucket_list>(wheel_ms);
  std::vector<uint64_t> occupied_ = std::vector<uint64_t>(wheel_ms / 64);  // non-empty buckets
  static constexpr size_t none_bucket = SIZE_MAX;
  size_t sorted_bucket_ = none_bucket;  // the bucket being consumed, in order
  std::vector<uint32_t> scratch_;       // for sort_bucket
  int64_t base_ms_ = 0;
  size_t near_count_ = 0;
  std::vector<key> far_;  // heap, earliest first
  std::vector<slot> slots_;
  std::vector<uint32_t> free_slots_;
  // Timeouts can be replaced or cancelled; these hold the seq of the live one.
  std::map<std::pair<caf::actor_id, caf::atom_value>, uint64_t> ordinary_;
  std::map<std::pair<caf::actor_id, uint64_t>, uint64_t> requests_;
  std::map<std::pair<caf::actor_id, uint64_t>, caf::atom_value> multi_;  // key: (actor, seq)
  std::map<uint64_t, group_message> group_messages_;  // key: the event's id
};

}  // namespace broadside::runtime
