#include "engine/commit_guard.hpp"

#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace byline::detail {

namespace {

thread_local int g_depth = 0;
thread_local bool g_tripped = false;

// The definition these wrappers stand in front of: the C library's, or the
// next interposer's (a sanitizer's). Looked up once per function.
template <typename Fn>
Fn next_definition(const char* name) {
  return reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, name));
}

bool refuse() {
  if (g_depth > 0 && g_tripped) {
    errno = EIO;
    return true;
  }
  return false;
}

template <typename Result>
Result note(Result result) {
  if (result < 0 && g_depth > 0 && errno != EINTR && errno != EAGAIN)
    g_tripped = true;
  return result;
}

}  // namespace

CommitGuard::CommitGuard() noexcept {
  if (g_depth++ == 0)
    g_tripped = false;
}

CommitGuard::~CommitGuard() {
  if (--g_depth == 0)
    g_tripped = false;
}

bool CommitGuard::tripped() const noexcept {
  return g_tripped;
}

}  // namespace byline::detail

using byline::detail::next_definition;
using byline::detail::note;
using byline::detail::refuse;

extern "C" {

ssize_t write(int fd, const void* buffer, size_t count) {
  static const auto next = next_definition<ssize_t (*)(int, const void*, size_t)>("write");
  if (refuse())
    return -1;
  return note(next != nullptr ? next(fd, buffer, count) : ::syscall(SYS_write, fd, buffer, count));
}

ssize_t pwrite(int fd, const void* buffer, size_t count, off_t offset) {
  static const auto next = next_definition<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  if (refuse())
    return -1;
  return note(next != nullptr ? next(fd, buffer, count, offset)
                              : ::syscall(SYS_pwrite64, fd, buffer, count, offset));
}

int fdatasync(int fd) {
  static const auto next = next_definition<int (*)(int)>("fdatasync");
  if (refuse())
    return -1;
  return note(next != nullptr ? next(fd) : static_cast<int>(::syscall(SYS_fdatasync, fd)));
}

int rename(const char* from, const char* to) noexcept {
  static const auto next = next_definition<int (*)(const char*, const char*)>("rename");
  if (refuse())
    return -1;
  return note(next != nullptr ? next(from, to) : static_cast<int>(::syscall(SYS_rename, from, to)));
}

// Reads only trip the guard: a commit that failed reading is as unsafe to
// repeat as one that failed writing.
ssize_t read(int fd, void* buffer, size_t count) {
  static const auto next = next_definition<ssize_t (*)(int, void*, size_t)>("read");
  return note(next != nullptr ? next(fd, buffer, count) : ::syscall(SYS_read, fd, buffer, count));
}

ssize_t pread(int fd, void* buffer, size_t count, off_t offset) {
  static const auto next = next_definition<ssize_t (*)(int, void*, size_t, off_t)>("pread");
  return note(next != nullptr ? next(fd, buffer, count, offset)
                              : ::syscall(SYS_pread64, fd, buffer, count, offset));
}

}  // extern "C"
