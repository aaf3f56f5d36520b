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
// class and owned by the thread that carved it, so delete finds a block's
// class and owner from its address: no header, no size needed. A block freed
// by its owner joins the owner's list; one freed by another thread goes back
// to the owner through a lock-free list the owner takes whole when its own
// list runs dry. (Kept by whichever thread freed it, blocks would pile up
// without bound where one thread allocates and another frees, as the HTTP
// threads and the actor workers of the service do.) Blocks are never given
// back to the system. Larger blocks, threads beyond the slots, and
// everything once the range is used up go to malloc.
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
// Both written once, before the chunk is handed out.
uint8_t chunk_class[most_chunks];
uint16_t chunk_owner[most_chunks];

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

// A thread's lists, in a slot that outlives the thread: blocks freed by
// others may still come back to it, and the next thread to take the slot
// inherits its lists and its chunks.
struct owner_slot {
  free_block* free[classes];
  char* carve[classes];  // next unused block of the class's chunk
  char* carve_end[classes];
  std::atomic<free_block*> returned[classes];  // freed by other threads
  std::atomic<bool> taken;
};

constexpr size_t slot_count = 512;
owner_slot slots[slot_count];  // zero-initialized before any code runs
static_assert(slot_count <= UINT16_MAX + 1, "chunk_owner holds a slot index");

// The thread's slot. Trivial, so reading it is one load: the lease below,
// whose destructor gives the slot up when the thread ends, is touched only
// when the slot is taken. After that the thread allocates with malloc.
thread_local owner_slot* mine = nullptr;
thread_local bool looked_for_slot = false;

struct slot_lease {
  bool armed = false;
  ~slot_lease() {
    if (mine)
      mine->taken.store(false, std::memory_order_release);
    mine = nullptr;
  }
};

thread_local slot_lease lease;

owner_slot* my_slot() noexcept {
  if (mine || looked_for_slot)
    return mine;
  looked_for_slot = true;
  for (auto& s : slots)
    if (!s.taken.load(std::memory_order_relaxed)
        && !s.taken.exchange(true, std::memory_order_acquire)) {
      lease.armed = true;  // the first touch registers the destructor
      return mine = &s;
    }
  return nullptr;
}

uint16_t index_of(const owner_slot* s) noexcept { return static_cast<uint16_t>(s - slots); }

free_block* pop(owner_slot& s, size_t cls) noexcept {
  auto* b = s.free[cls];
  if (!b && s.returned[cls].load(std::memory_order_relaxed))
    b = s.returned[cls].exchange(nullptr, std::memory_order_acquire);
  if (b)
    s.free[cls] = b->next;
  return b;
}

void* carve(owner_slot& s, size_t cls) noexcept {
  auto block = cls * granule;
  if (s.carve[cls] + block > s.carve_end[cls]) {
    auto* r = reserve_range();
    auto n = r->chunks == 0 ? 0 : next_chunk.fetch_add(1, std::memory_order_relaxed);
    if (n >= r->chunks)
      return nullptr;
    chunk_class[n] = static_cast<uint8_t>(cls);
    chunk_owner[n] = index_of(&s);
    s.carve[cls] = r->base + n * chunk_bytes;
    s.carve_end[cls] = s.carve[cls] + chunk_bytes;
  }
  auto* p = s.carve[cls];
  s.carve[cls] += block;
  return p;
}

void* allocate(size_t size) {
  if (size == 0)
    size = 1;
  if (size <= largest) {
    if (auto* s = my_slot()) {
      auto cls = (size + granule - 1) / granule;
      if (auto* b = pop(*s, cls))
        return b;
      if (auto* p = carve(*s, cls))
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
    auto chunk = static_cast<size_t>(static_cast<char*>(p) - r->base) / chunk_bytes;
    auto cls = chunk_class[chunk];
    auto& owner = slots[chunk_owner[chunk]];
    auto* b = static_cast<free_block*>(p);
    if (&owner == mine) {
      b->next = owner.free[cls];
      owner.free[cls] = b;
      return;
    }
    // A push onto a list only ever taken whole: no ABA.
    auto& list = owner.returned[cls];
    b->next = list.load(std::memory_order_relaxed);
    while (!list.compare_exchange_weak(b->next, b, std::memory_order_release,
                                       std::memory_order_relaxed)) {
    }
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
