#include "runtime/virtual_clock.hpp"

#include <caf/abstract_actor.hpp>
#include <caf/abstract_group.hpp>
#include <caf/actor_cast.hpp>
#include <caf/sec.hpp>
#include <caf/system_messages.hpp>

#include <algorithm>
#include <chrono>
#include <limits>

namespace broadside::runtime {

uint32_t virtual_clock::push(time_point due, caf::actor_id tiebreak, kind what, payload ev) {
  uint32_t s;
  if (free_slots_.empty()) {
    s = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    s = free_slots_.back();
    free_slots_.pop_back();
  }
  auto& sl = slots_[s];
  sl.due = due;
  sl.tiebreak = tiebreak;
  sl.seq = next_seq_++;
  sl.what = what;
  sl.ev = std::move(ev);
  // Something due before the window sorts first in the window's first bucket.
  auto ms = std::max(ms_of(due), base_ms_);
  if (ms < base_ms_ + wheel_ms) {
    insert_near(ms, s);
  } else {
    far_.push_back(key{due, tiebreak, sl.seq, s});
    std::push_heap(far_.begin(), far_.end(), later_key{});
  }
  return s;
}

int64_t virtual_clock::ms_of(time_point t) noexcept {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

void virtual_clock::insert_near(int64_t ms, uint32_t s) {
  auto b = static_cast<size_t>(ms & (wheel_ms - 1));
  auto& bucket = wheel_[b];
  auto& sl = slots_[s];
  ++near_count_;
  if (bucket.head == none) {
    sl.next = none;
    bucket.head = bucket.tail = s;
    occupied_[b / 64] |= uint64_t{1} << (b % 64);
    return;
  }
  if (b != sorted_bucket_) {
    // Unsorted until it comes up (sort_bucket): touching the tail's slot to
    // keep order would miss the cache on nearly every insert.
    sl.next = bucket.head;
    bucket.head = s;
    return;
  }
  if (!later(slots_[bucket.tail], sl)) {
    sl.next = none;
    slots_[bucket.tail].next = s;
    bucket.tail = s;
    return;
  }
  // Before the tail: walk from the head to the first later event.
  auto prev = none;
  auto at = bucket.head;
  while (!later(slots_[at], sl)) {
    prev = at;
    at = slots_[at].next;
  }
  sl.next = at;
  (prev == none ? bucket.head : slots_[prev].next) = s;
}

void virtual_clock::sort_bucket(size_t b) {
  auto& bucket = wheel_[b];
  sorted_bucket_ = b;
  if (bucket.head == bucket.tail)
    return;
  scratch_.clear();
  for (auto at = bucket.head; at != none; at = slots_[at].next)
    scratch_.push_back(at);
  std::sort(scratch_.begin(), scratch_.end(),
            [this](uint32_t x, uint32_t y) { return later(slots_[y], slots_[x]); });
  bucket.head = scratch_.front();
  bucket.tail = scratch_.back();
  for (size_t i = 0; i + 1 < scratch_.size(); ++i)
    slots_[scratch_[i]].next = scratch_[i + 1];
  slots_[scratch_.back()].next = none;
}

size_t virtual_clock::earliest_bucket() const noexcept {
  // The first non-empty bucket from base_ms_'s, wrapping around.
  auto start = static_cast<size_t>(base_ms_ & (wheel_ms - 1));
  auto words = occupied_.size();
  auto w = start / 64;
  auto bits = occupied_[w] & (~uint64_t{0} << (start % 64));
  // After every other word, the first one again: its buckets below start.
  for (size_t n = 0; bits == 0 && n < words; ++n) {
    w = (w + 1) % words;
    bits = occupied_[w];
  }
  return w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
}

void virtual_clock::advance(int64_t ms) {
  base_ms_ = ms;
  while (!far_.empty() && ms_of(far_.front().due) < base_ms_ + wheel_ms) {
    std::pop_heap(far_.begin(), far_.end(), later_key{});
    auto k = far_.back();
    far_.pop_back();
    insert_near(std::max(ms_of(k.due), base_ms_), k.slot);
  }
}

void virtual_clock::set_ordinary_timeout(time_point t, caf::abstract_actor* self,
                                         caf::atom_value type, uint64_t id) {
  ordinary_[{self->id(), type}] = next_seq_;
  push(t, self->id(), kind::ordinary_timeout,
       payload{caf::actor_cast<caf::strong_actor_ptr>(self), nullptr, type, id});
}

void virtual_clock::set_multi_timeout(time_point t, caf::abstract_actor* self,
                                      caf::atom_value type, uint64_t id) {
  multi_[{self->id(), next_seq_}] = type;
  push(t, self->id(), kind::multi_timeout,
       payload{caf::actor_cast<caf::strong_actor_ptr>(self), nullptr, type, id});
}

void virtual_clock::set_request_timeout(time_point t, caf::abstract_actor* self,
                                        caf::message_id id) {
  requests_[{self->id(), id.integer_value()}] = next_seq_;
  push(t, self->id(), kind::request_timeout,
       payload{caf::actor_cast<caf::strong_actor_ptr>(self), nullptr, {}, id.integer_value()});
}

void virtual_clock::cancel_ordinary_timeout(caf::abstract_actor* self, caf::atom_value type) {
  ordinary_.erase({self->id(), type});
}

void virtual_clock::cancel_request_timeout(caf::abstract_actor* self, caf::message_id id) {
  requests_.erase({self->id(), id.integer_value()});
}

void virtual_clock::cancel_timeouts(caf::abstract_actor* self) {
  auto aid = self->id();
  auto erase_actor = [aid](auto& map) {
    auto first = map.lower_bound({aid, {}});
    auto last = first;
    while (last != map.end() && last->first.first == aid)
      ++last;
    map.erase(first, last);
  };
  erase_actor(ordinary_);
  erase_actor(requests_);
  erase_actor(multi_);
}

void virtual_clock::schedule_message(time_point t, caf::strong_actor_ptr receiver,
                                     caf::mailbox_element_ptr content) {
  auto tiebreak = receiver ? receiver->id() : 0;
  deliver_at(t, tiebreak, std::move(receiver), std::move(content));
}

virtual_clock::ticket virtual_clock::deliver_at(time_point t, caf::actor_id order,
                                                caf::strong_actor_ptr receiver,
                                                caf::mailbox_element_ptr content) {
  auto seq = next_seq_;
  auto s = push(t, order, kind::actor_msg, payload{std::move(receiver), std::move(content)});
  return {s, seq};
}

virtual_clock::ticket virtual_clock::set_timer(time_point t, caf::actor_id order,
                                               caf::strong_actor_ptr receiver,
                                               caf::atom_value type, uint64_t id) {
  auto seq = next_seq_;
  auto s = push(t, order, kind::actor_timer, {std::move(receiver), nullptr, type, id});
  return {s, seq};
}

void virtual_clock::cancel(ticket t) {
  if (t.slot >= slots_.size())
    return;
  auto& sl = slots_[t.slot];
  if ((sl.what != kind::actor_msg && sl.what != kind::actor_timer) || sl.seq != t.seq)
    return;  // delivered already; the slot may hold another event by now
  sl.what = kind::cancelled_msg;
  sl.ev = payload{};
}

void virtual_clock::schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                                     caf::message content) {
  // Group messages have no single receiver; they sort after actor messages of
  // the same instant.
  auto id = next_group_message_++;
  group_messages_.emplace(id, group_message{std::move(target), std::move(content)});
  push(t, std::numeric_limits<caf::actor_id>::max(),
       kind::group_msg, payload{std::move(sender), nullptr, {}, id});
}

void virtual_clock::cancel_all() {
  std::fill(wheel_.begin(), wheel_.end(), bucket_list{});
  sorted_bucket_ = none_bucket;
  std::fill(occupied_.begin(), occupied_.end(), 0);
  near_count_ = 0;
  far_.clear();
  slots_.clear();
  free_slots_.clear();
  ordinary_.clear();
  requests_.clear();
  multi_.clear();
  group_messages_.clear();
}

bool virtual_clock::live(kind what, const payload& ev, uint64_t seq) const {
  switch (what) {
    case kind::ordinary_timeout: {
      auto i = ordinary_.find({ev.actor->id(), ev.type});
      return i != ordinary_.end() && i->second == seq;
    }
    case kind::request_timeout: {
      auto i = requests_.find({ev.actor->id(), ev.id});
      return i != requests_.end() && i->second == seq;
    }
    case kind::multi_timeout:
      return multi_.count({ev.actor->id(), seq}) > 0;
    case kind::actor_msg:
    case kind::actor_timer:
    case kind::group_msg:
      return true;
    case kind::cancelled_msg:
      return false;
  }
  return true;
}

void virtual_clock::deliver(caf::strong_actor_ptr to, caf::mailbox_element_ptr msg) {
  if (delivery_)
    delivery_->deliver(std::move(to), std::move(msg));
  else
    to->enqueue(std::move(msg), nullptr);
}

virtual_clock::fired virtual_clock::fire_next(int64_t horizon_ms) {
  if (near_count_ == 0) {
    auto ms = ms_of(far_.front().due);
    if (ms > horizon_ms)
      return fired::beyond_horizon;
    advance(ms);
  }
  auto b = earliest_bucket();
  if (b != sorted_bucket_)
    sort_bucket(b);
  auto& bucket = wheel_[b];
  auto s = bucket.head;
  auto& sl = slots_[s];
  auto ms = ms_of(sl.due);
  if (ms > horizon_ms)
    return fired::beyond_horizon;
  bucket.head = sl.next;
  if (bucket.head == none) {
    bucket.tail = none;
    occupied_[b / 64] &= ~(uint64_t{1} << (b % 64));
    sorted_bucket_ = none_bucket;
  }
  --near_count_;
  if (ms > base_ms_)
    advance(ms);  // moves far events into the wheel: slots_ keeps its size
  if (sl.due > now_)
    now_ = sl.due;
  auto what = sl.what;
  auto seq = sl.seq;
  auto ev = std::move(sl.ev);
  sl.what = kind::cancelled_msg;  // free: no ticket matches it any more
  free_slots_.push_back(s);
  // The next event's slot was written long ago (by now out of the caches):
  // fetch it while the actors handle this one.
  if (near_count_ > 0)
    __builtin_prefetch(&slots_[wheel_[earliest_bucket()].head]);
  if (!live(what, ev, seq))
    return fired::dropped;
  switch (what) {
    case kind::ordinary_timeout:
      ordinary_.erase({ev.actor->id(), ev.type});
      ev.actor->get()->eq_impl(caf::make_message_id(), ev.actor, nullptr,
                               caf::timeout_msg{ev.type, ev.id});
      break;
    case kind::multi_timeout:
      multi_.erase({ev.actor->id(), seq});
      ev.actor->get()->eq_impl(caf::make_message_id(), ev.actor, nullptr,
                               caf::timeout_msg{ev.type, ev.id});
      break;
    case kind::request_timeout:
      requests_.erase({ev.actor->id(), ev.id});
      ev.actor->get()->eq_impl(caf::message_id{ev.id}, ev.actor, nullptr,
                               caf::sec::request_timeout);
      break;
    case kind::actor_msg:
      if (ev.actor)
        deliver(std::move(ev.actor), std::move(ev.content));
      break;
    case kind::actor_timer:
      deliver(std::move(ev.actor),
              caf::make_mailbox_element(nullptr, caf::make_message_id(), {}, ev.type, ev.id));
      break;
    case kind::cancelled_msg:
      break;
    case kind::group_msg: {
      auto i = group_messages_.find(ev.id);
      auto msg = std::move(i->second);
      group_messages_.erase(i);
      msg.target->eq_impl(caf::make_message_id(), std::move(ev.actor), nullptr,
                          std::move(msg.content));
      break;
    }
  }
  return fired::delivered;
}

}  // namespace broadside::runtime
