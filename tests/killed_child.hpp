#pragma once

// kill -9 in a test: `work` runs in a forked child, which then tells the
// parent it is done and waits; the parent kills it with SIGKILL. What `work`
// made durable must be there afterwards.

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace broadside::test {

// Adds a test failure unless `work` returned in the child and SIGKILL ended it.
template <class Work>
void run_then_kill(Work work) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  auto child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    try {
      work();
      char byte = 1;
      if (::write(ready[1], &byte, 1) != 1)
        ::_exit(2);
      for (;;)
        ::pause();
    } catch (...) {
      ::_exit(1);
    }
  }
  ::close(ready[1]);
  char byte = 0;
  auto got = ::read(ready[0], &byte, 1);
  ::close(ready[0]);
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_EQ(got, 1) << "the child did not finish its work";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

}  // namespace broadside::test
