// Fail-stop commits: the workaround for a Xapian 1.4 failure path that
// corrupts indexes.
//
// When a glass commit fails part-way (an open, write, sync or rename returns
// EIO or ENOSPC), Xapian 1.4.22 does not stop:
// GlassDatabase::modifications_failed() reopens the tables at the old
// revision and at once commits them again as a newer revision. Measured here
// (tests/reliability/iofault_test.cpp), that second commit leaves the
// position table's freelist broken ("Same block is in freelist more than
// once"), and the next commit on the index fails with "Ran off end of
// freelist": the index can no longer be written. Killing the process at the
// very same moment instead leaves a sound index at the old revision, as the
// crash harness shows.
//
// So byline turns a failed commit into what a crash would have left: while a
// CommitGuard is alive on a thread, the first file system call of libxapian
// on that thread that fails (other than the expected "no such file" of a
// probe, see kGuardedCalls) makes every later call on that thread that could
// change the files -- write, sync, rename, truncate, unlink, mkdir, rmdir,
// and an open that creates or truncates -- fail as the first call did.
// Xapian's second commit then writes nothing and gives up, and the Writer
// reopens the index at its last good revision.
//
// Block writes (pwrite) are the exception: one that fails under a guard,
// and every one after it, is kept in memory and reported as done, because
// an error thrown while glass merges value streams ends the process with
// std::terminate (commit_guard.cpp, KeptWrites, says how). The commit then
// fails at the version file, which the guard refuses to create.
//
// How: libxapian's own references to those C library functions (its GOT
// entries) are pointed at byline's wrappers the first time a guard is made.
// Only libxapian is affected -- not the application byline is linked into --
// and it works however byline is loaded: linked statically or as a shared
// library, through the C API, or dlopen()ed from Python, where interposing
// the C library's symbols would not reach libxapian. Each wrapper costs one
// thread-local test when no guard has tripped.
#pragma once

#include <array>
#include <string_view>

namespace byline::detail {

// A C library function whose calls from libxapian the guard watches, and
// the system call it makes (as strace names it), for the I/O fault tests,
// which inject faults into each.
struct GuardedCall {
  std::string_view function;
  std::string_view system_call;
  bool changes_files;  // refused once the guard has tripped
};

inline constexpr std::array<GuardedCall, 17> kGuardedCalls = {{
    {"open", "openat", true},  // refused only when it would create or truncate
    {"open64", "openat", true},
    {"close", "close", false},
    {"read", "read", false},
    {"pread", "pread64", false},
    {"write", "write", true},
    {"pwrite", "pwrite64", true},
    {"lseek", "lseek", false},
    {"fstat", "newfstatat", false},
    {"stat", "newfstatat", false},
    {"ftruncate", "ftruncate", true},
    {"fdatasync", "fdatasync", true},
    {"fsync", "fsync", true},
    {"rename", "rename", true},
    {"unlink", "unlink", true},
    {"mkdir", "mkdir", true},
    {"rmdir", "rmdir", true},
}};

class CommitGuard {
 public:
  // Installs the wrappers in libxapian if that has not been done yet.
  CommitGuard() noexcept;
  ~CommitGuard();
  CommitGuard(const CommitGuard&) = delete;
  CommitGuard& operator=(const CommitGuard&) = delete;

  // True once an I/O call failed under this guard.
  [[nodiscard]] bool tripped() const noexcept;

  // The errno of the call that tripped the guard (EIO if it had none), or
  // 0 when none failed.
  [[nodiscard]] int first_error() const noexcept;

  // True when block writes were kept in memory rather than written: the
  // guarded operation must then count as failed, whatever Xapian returned,
  // and its database be closed without another commit.
  [[nodiscard]] bool kept_writes() const noexcept;

  // How many of libxapian's references to the functions of kGuardedCalls
  // point at byline's wrappers (installing them first if need be). 0 means
  // the guard cannot work on this platform: tests check that it is not.
  [[nodiscard]] static int installed_references() noexcept;
};

}  // namespace byline::detail
