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

uint32_t virtual_clock::push(time_point due, caf::actor_id tiebreak, event ev) {
  ev.seq = next_seq_;
  uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.push_back(std::move(ev));
    slot_keys_.emplace_back();
    next_.push_back(none);
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    slots_[slot] = std::move(ev);
  }
  auto seq = next_seq_++;
  key k{due, tiebreak, seq, slot};
  // Something due before the window sorts first in the window's first bucket.
  auto ms = std::max(ms_of(due), base_ms_);
  if (ms < base_ms_ + wheel_ms) {
    insert_near(ms, k);
  } else {
    far_.push_back(k);
    std::push_heap(far_.begin(), far_.end(), later{});
  }
  return slot;
}

int64_t virtual_clock::ms_of(time_point t) noexcept {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

void virtual_clock::insert_near(int64_t ms, const key& k) {
  auto b = static_cast<size_t>(ms & (wheel_ms - 1));
  auto& bucket = wheel_[b];
  slot_keys_[k.slot] = k;
  next_[k.slot] = none;
  if (bucket.head == none) {
    bucket.head = bucket.tail = k.slot;
    occupied_[b / 64] |= uint64_t{1} << (b % 64);
  } else if (!later{}(slot_keys_[bucket.tail], k)) {
    next_[bucket.tail] = k.slot;
    bucket.tail = k.slot;
  } else {
    // Before the tail: walk from the head to the first later key.
    auto prev = none;
    auto at = bucket.head;
    while (!later{}(slot_keys_[at], k)) {
      prev = at;
      at = next_[at];
    }
    next_[k.slot] = at;
    (prev == none ? bucket.head : next_[prev]) = k.slot;
  }
  ++near_count_;
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
    std::pop_heap(far_.begin(), far_.end(), later{});
    auto k = far_.back();
    far_.pop_back();
    insert_near(std::max(ms_of(k.due), base_ms_), k);
  }
}

void virtual_clock::set_ordinary_timeout(time_point t, caf::abstract_actor* self,
                                         caf::atom_value type, uint64_t id) {
  event ev{kind::ordinary_timeout, caf::actor_cast<caf::strong_actor_ptr>(self), nullptr, type, id};
  ordinary_[{self->id(), type}] = next_seq_;
  push(t, self->id(), std::move(ev));
}

void virtual_clock::set_multi_timeout(time_point t, caf::abstract_actor* self,
                                      caf::atom_value type, uint64_t id) {
  event ev{kind::multi_timeout, caf::actor_cast<caf::strong_actor_ptr>(self), nullptr, type, id};
  multi_[{self->id(), next_seq_}] = type;
  push(t, self->id(), std::move(ev));
}

void virtual_clock::set_request_timeout(time_point t, caf::abstract_actor* self,
                                        caf::message_id id) {
  event ev{kind::request_timeout, caf::actor_cast<caf::strong_actor_ptr>(self), nullptr, {},
           id.integer_value()};
  requests_[{self->id(), id.integer_value()}] = next_seq_;
  push(t, self->id(), std::move(ev));
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
  auto slot = push(t, order, event{kind::actor_msg, std::move(receiver), std::move(content)});
  return {slot, seq};
}

virtual_clock::ticket virtual_clock::set_timer(time_point t, caf::actor_id order,
                                               caf::strong_actor_ptr receiver,
                                               caf::atom_value type, uint64_t payload) {
  auto seq = next_seq_;
  auto slot = push(t, order, event{kind::actor_timer, std::move(receiver), nullptr, type, payload});
  return {slot, seq};
}

void virtual_clock::cancel(ticket t) {
  if (t.slot >= slots_.size())
    return;
  auto& ev = slots_[t.slot];
  if ((ev.what != kind::actor_msg && ev.what != kind::actor_timer) || ev.seq != t.seq)
    return;  // delivered already; the slot may hold another event by now
  ev.what = kind::cancelled_msg;
  ev.actor.reset();
  ev.content.reset();
}

void virtual_clock::schedule_message(time_point t, caf::group target, caf::strong_actor_ptr sender,
                                     caf::message content) {
  // Group messages have no single receiver; they sort after actor messages of
  // the same instant.
  auto id = next_group_message_++;
  group_messages_.emplace(id, group_message{std::move(target), std::move(content)});
  push(t, std::numeric_limits<caf::actor_id>::max(),
       event{kind::group_msg, std::move(sender), nullptr, {}, id});
}

void virtual_clock::cancel_all() {
  std::fill(wheel_.begin(), wheel_.end(), bucket_list{});
  std::fill(occupied_.begin(), occupied_.end(), 0);
  near_count_ = 0;
  far_.clear();
  slots_.clear();
  slot_keys_.clear();
  next_.clear();
  free_slots_.clear();
  ordinary_.clear();
  requests_.clear();
  multi_.clear();
  group_messages_.clear();
}

bool virtual_clock::live(const event& ev, uint64_t seq) const {
  switch (ev.what) {
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

virtual_clock::fired virtual_clock::fire_next(int64_t horizon_ms) {
  if (near_count_ == 0) {
    auto ms = ms_of(far_.front().due);
    if (ms > horizon_ms)
      return fired::beyond_horizon;
    advance(ms);
  }
  auto b = earliest_bucket();
  auto& bucket = wheel_[b];
  auto k = slot_keys_[bucket.head];
  if (ms_of(k.due) > horizon_ms)
    return fired::beyond_horizon;
  bucket.head = next_[bucket.head];
  if (bucket.head == none) {
    bucket.tail = none;
    occupied_[b / 64] &= ~(uint64_t{1} << (b % 64));
  }
  --near_count_;
  if (auto ms = ms_of(k.due); ms > base_ms_)
    advance(ms);
  event ev = std::move(slots_[k.slot]);
  free_slots_.push_back(k.slot);
  if (k.due > now_)
    now_ = k.due;
  if (!live(ev, k.seq))
    return fired::dropped;
  switch (ev.what) {
    case kind::ordinary_timeout:
      ordinary_.erase({ev.actor->id(), ev.type});
      ev.actor->get()->eq_impl(caf::make_message_id(), ev.actor, nullptr,
                               caf::timeout_msg{ev.type, ev.id});
      break;
    case kind::multi_timeout:
      multi_.erase({ev.actor->id(), k.seq});
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
        ev.actor->enqueue(std::move(ev.content), nullptr);
      break;
    case kind::actor_timer:
      ev.actor->enqueue(caf::make_mailbox_element(nullptr, caf::make_message_id(), {}, ev.type,
                                                  ev.id),
                        nullptr);
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
