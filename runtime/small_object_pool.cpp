// The process's operator new and delete for small objects: per-thread free
// lists by 16-byte size class, carved from one reserved address range.
//
// Why: an actor system allocates and frees a few small objects per message
// (mailbox elements, message payloads, actors themselves). glibc's malloc
// caches only seven blocks per size on a thread's fast path, so at a
// thousand invocations in flight most frees and mallocs take its slow path
// (10% of a fanout's instructions). Here both are a list push or pop.
//
// The range is reserved once (address space only; pages are committed as
// they are first touched) and split into 64 KiB chunks, each holding one size
// class, so delete finds a block's class from its address: no header, no
// size needed. Blocks are never given back to the system; a freed block
// joins the freeing thread's list. Larger blocks, and everything once the
// range is used up, go to malloc.
//
// Left out of sanitizer builds, whose own operator new checks every access.

#include <sys/mman.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr size_t granule = 16;
constexpr size_t largest = 2048;  // a CAF actor with its state is ~1.1 KiB
constexpr size_t classes = largest / granule + 1;
constexpr size_t chunk_bytes = size_t{64} << 10;
constexpr size_t range_bytes = size_t{64} << 30;
constexpr size_t chunks = range_bytes / chunk_bytes;

struct free_block {
  free_block* next;
};

std::atomic<char*> range_base{nullptr};
std::atomic<size_t> next_chunk{0};
uint8_t chunk_class[chunks];  // written once, before the chunk is handed out

char* reserve_range() {
  auto* base = range_base.load(std::memory_order_acquire);
  if (base)
    return base;
  void* p = mmap(nullptr, range_bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  auto* mine = p == MAP_FAILED ? reinterpret_cast<char*>(uintptr_t{1}) : static_cast<char*>(p);
  char* expected = nullptr;
  if (range_base.compare_exchange_strong(expected, mine, std::memory_order_acq_rel))
    return mine;
  if (p != MAP_FAILED)
    munmap(p, range_bytes);
  return expected;
}

bool in_range(const void* p, const char* base) noexcept {
  auto a = reinterpret_cast<uintptr_t>(p);
  auto b = reinterpret_cast<uintptr_t>(base);
  return a - b < range_bytes;
}

struct thread_cache {
  free_block* free[classes] = {};
  char* carve[classes] = {};  // next unused block of the class's chunk
  char* carve_end[classes] = {};
};

thread_local thread_cache cache;

void* allocate(size_t size) {
  if (size == 0)
    size = 1;
  if (size <= largest) {
    auto cls = (size + granule - 1) / granule;
    if (auto* b = cache.free[cls]) {
      cache.free[cls] = b->next;
      return b;
    }
    auto block = cls * granule;
    if (cache.carve[cls] + block > cache.carve_end[cls]) {
      auto* base = reserve_range();
      auto n = base == reinterpret_cast<char*>(uintptr_t{1})
                   ? chunks
                   : next_chunk.fetch_add(1, std::memory_order_relaxed);
      if (n < chunks) {
        chunk_class[n] = static_cast<uint8_t>(cls);
        cache.carve[cls] = base + n * chunk_bytes;
        cache.carve_end[cls] = cache.carve[cls] + chunk_bytes;
      }
    }
    if (cache.carve[cls] + block <= cache.carve_end[cls]) {
      auto* p = cache.carve[cls];
      cache.carve[cls] += block;
      return p;
    }
  }
  if (auto* p = std::malloc(size))
    return p;
  throw std::bad_alloc{};
}

void release(void* p) noexcept {
  if (!p)
    return;
  auto* base = range_base.load(std::memory_order_relaxed);
  if (base && in_range(p, base)) {
    auto cls = chunk_class[(static_cast<char*>(p) - base) / chunk_bytes];
    auto* b = static_cast<free_block*>(p);
    b->next = cache.free[cls];
    cache.free[cls] = b;
    return;
  }
  std::free(p);
}

}  // namespace

void* operator new(size_t size) { return allocate(size); }
void* operator new[](size_t size) { return allocate(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, size_t) noexcept { release(p); }
void operator delete[](void* p, size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
