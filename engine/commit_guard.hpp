// Fail-stop commits: the workaround for a Xapian 1.4 failure path that
// corrupts indexes.
//
// When a glass commit fails part-way (a write, sync or rename returns EIO or
// ENOSPC), Xapian 1.4.22 does not stop: GlassDatabase::modifications_failed()
// reopens the tables at the old revision and at once commits them again as a
// newer revision. Measured here (tests/reliability/iofault_test.cpp), that
// second commit leaves the position table's freelist broken ("Same block is
// in freelist more than once"), and the next commit on the index fails with
// "Ran off end of freelist": the index can no longer be written. Killing the
// process at the very same moment instead leaves a sound index at the old
// revision, as the crash harness shows.
//
// So byline turns a failed commit into what a crash would have left: while a
// CommitGuard is alive on a thread, the first write, sync, rename or read
// that fails on that thread makes every later write, sync and rename on it
// fail with EIO. Xapian's second commit then writes nothing and gives up, and
// the Writer reopens the index at its last good revision.
//
// This works by defining write(), pwrite(), fdatasync(), rename(), read() and
// pread() (the calls libxapian imports) in byline: calls reach the C library
// (or the next interposer, e.g. a sanitizer) unchanged unless a guard on the
// calling thread has tripped, at the cost of one thread-local test.
#pragma once

namespace byline::detail {

class CommitGuard {
 public:
  CommitGuard() noexcept;
  ~CommitGuard();
  CommitGuard(const CommitGuard&) = delete;
  CommitGuard& operator=(const CommitGuard&) = delete;

  // True once an I/O call failed under this guard.
  [[nodiscard]] bool tripped() const noexcept;
};

}  // namespace byline::detail
