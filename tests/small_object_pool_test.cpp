// The small-object pool (runtime/small_object_pool.cpp) under threads: a
// block freed by another thread goes back to the thread that allocated it, so
// a thread that allocates while another frees (the service's HTTP threads
// and actor workers) reuses its blocks instead of taking new memory forever.
// Its own process: the assertions count on no other thread allocating.

#include <gtest/gtest.h>

#include <cstddef>
#include <new>
#include <set>
#include <thread>
#include <vector>

namespace {

constexpr size_t block_size = 40;
constexpr size_t batch = 1000;

std::vector<void*> allocate_batch() {
  std::vector<void*> blocks;
  blocks.reserve(batch);
  for (size_t i = 0; i < batch; ++i)
    blocks.push_back(::operator new(block_size));
  return blocks;
}

void free_batch(const std::vector<void*>& blocks) {
  for (auto* b : blocks)
    ::operator delete(b);
}

void free_on_other_thread(const std::vector<void*>& blocks) {
  std::thread{[&] { free_batch(blocks); }}.join();
}

std::set<void*> as_set(const std::vector<void*>& blocks) { return {blocks.begin(), blocks.end()}; }

}  // namespace

TEST(SmallObjectPool, BlocksFreedElsewhereComeBackToTheirThread) {
  auto first = allocate_batch();
  free_on_other_thread(first);
  auto second = allocate_batch();
  EXPECT_TRUE(as_set(second) == as_set(first)) << "the second batch took new memory";
  free_batch(second);
}

TEST(SmallObjectPool, OneThreadAllocatingAnotherFreeingStaysBounded) {
  std::set<void*> seen;
  for (int round = 0; round < 200; ++round) {
    auto blocks = allocate_batch();
    seen.insert(blocks.begin(), blocks.end());
    free_on_other_thread(blocks);
  }
  // Every round reuses the blocks of the one before: 200,000 allocations of
  // which at most a batch or two are new memory.
  EXPECT_LE(seen.size(), 2 * batch);
}

TEST(SmallObjectPool, AThreadThatEndedLeavesItsBlocksToTheNext) {
  std::vector<void*> first;
  std::thread{[&] { first = allocate_batch(); }}.join();
  free_batch(first);  // returned to the ended thread's slot
  std::vector<void*> second;
  std::thread{[&] { second = allocate_batch(); }}.join();
  EXPECT_TRUE(as_set(second) == as_set(first)) << "the second batch took new memory";
  free_batch(second);
}
