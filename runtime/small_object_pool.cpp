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
constexpr size_t most_range_bytes = size_t{64} << 30;
constexpr size_t least_range_bytes = size_t{1} << 30;
constexpr size_t most_chunks = most_range_bytes / chunk_bytes;

struct free_block {
  free_block* next;
};

// The range: as large as the system lets us reserve (a limit on address
// space, as under valgrind, makes it smaller), or none at all.
struct range {
  char* base = nullptr;
  size_t chunks = 0;
};

std::atomic<range*> the_range{nullptr};
range reserved;
std::atomic<size_t> next_chunk{0};
uint8_t chunk_class[most_chunks];  // written once, before the chunk is handed out

range* reserve_range() {
  if (auto* r = the_range.load(std::memory_order_acquire))
    return r;
  static std::atomic_flag reserving = ATOMIC_FLAG_INIT;
  while (reserving.test_and_set(std::memory_order_acquire)) {
  }
  if (!the_range.load(std::memory_order_acquire)) {
    for (auto bytes = most_range_bytes; bytes >= least_range_bytes; bytes /= 2) {
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p != MAP_FAILED) {
        reserved = {static_cast<char*>(p), bytes / chunk_bytes};
        break;
      }
    }
    the_range.store(&reserved, std::memory_order_release);
  }
  reserving.clear(std::memory_order_release);
  return the_range.load(std::memory_order_acquire);
}

bool in_range(const void* p, const range& r) noexcept {
  auto a = reinterpret_cast<uintptr_t>(p);
  auto b = reinterpret_cast<uintptr_t>(r.base);
  return a - b < r.chunks * chunk_bytes;
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
      auto* r = reserve_range();
      auto n = r->chunks == 0 ? 0 : next_chunk.fetch_add(1, std::memory_order_relaxed);
      if (n < r->chunks) {
        chunk_class[n] = static_cast<uint8_t>(cls);
        cache.carve[cls] = r->base + n * chunk_bytes;
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
  auto* r = the_range.load(std::memory_order_acquire);
  if (r && in_range(p, *r)) {
    auto cls = chunk_class[(static_cast<char*>(p) - r->base) / chunk_bytes];
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
