#include "engine/commit_guard.hpp"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace byline::detail {

namespace {

thread_local int g_depth = 0;
thread_local bool g_tripped = false;
thread_local int g_first_error = 0;  // the errno of the call that tripped the guard

// Calls that are refused once the guard has tripped fail as the first
// failure did (a full disk stays full), or with EIO.
bool refuse() {
  if (g_depth > 0 && g_tripped) {
    errno = g_first_error != 0 ? g_first_error : EIO;
    return true;
  }
  return false;
}

void trip(int error) {
  if (!g_tripped)
    g_first_error = error;
  g_tripped = true;
}

// Records a failure under a guard. `expected` is the one errno the caller
// treats as an answer rather than a fault ("no such file" of a probe, say);
// EINTR and EAGAIN are never faults.
template <typename Result>
Result note(Result result, int expected = 0) {
  if (result < 0 && g_depth > 0) {
    const int e = errno;
    if (e != EINTR && e != EAGAIN && (expected == 0 || e != expected))
      trip(e);
  }
  return result;
}

// The block writes libxapian was told had succeeded after the guard
// tripped, by file and offset, so that its reads of those blocks see what it
// wrote. Why: glass merges a commit's value changes through an object whose
// destructor writes the last block (Glass::ValueUpdater); an I/O error
// there, or any exception while it unwinds, calls std::terminate. A block
// write that fails under a guard is therefore kept here instead and reported
// as done: the commit goes on to the version file, whose creation the
// tripped guard refuses, and that failure is thrown where Xapian can carry
// it. Nothing kept here ever reaches the disk, and glass writes a new
// revision only into blocks the committed one does not use, so the index
// stays at its last revision, as after a crash.
struct KeptWrites {
  std::map<int, std::map<off_t, std::string>> by_file;
  std::size_t bytes = 0;
};
thread_local KeptWrites g_kept;

// Beyond this, a failed write is reported as it is (and may end the process
// in the case above): a commit of this size is rare, and memory is not free.
constexpr std::size_t kMaxKeptBytes = std::size_t{256} << 20;

bool keep_write(int fd, const void* buffer, std::size_t count, off_t offset) {
  if (g_kept.bytes + count > kMaxKeptBytes)
    return false;
  auto& blocks = g_kept.by_file[fd];
  const off_t end = offset + static_cast<off_t>(count);
  const char* bytes = static_cast<const char*>(buffer);
  // Earlier writes the new one overlaps: gone when it covers them, else
  // given its bytes, so that every kept copy of an offset agrees.
  auto it = blocks.lower_bound(offset);
  if (it != blocks.begin())
    --it;
  while (it != blocks.end() && it->first < end) {
    const off_t begin = it->first;
    const off_t it_end = begin + static_cast<off_t>(it->second.size());
    if (it_end <= offset) {
      ++it;
    } else if (begin >= offset && it_end <= end) {
      g_kept.bytes -= it->second.size();
      it = blocks.erase(it);
    } else {
      const off_t from = std::max(begin, offset);
      const off_t to = std::min(it_end, end);
      std::memcpy(it->second.data() + (from - begin), bytes + (from - offset),
                  static_cast<std::size_t>(to - from));
      ++it;
    }
  }
  blocks.emplace(offset, std::string(bytes, count));
  g_kept.bytes += count;
  return true;
}

// Lays the kept writes of `fd` over what was read from the file; returns
// how many bytes from `offset` on are now known, or -1 when the read failed
// and the kept writes do not cover it all.
ssize_t overlay_kept(int fd, char* buffer, std::size_t count, off_t offset, ssize_t read) {
  const auto file = g_kept.by_file.find(fd);
  if (file == g_kept.by_file.end())
    return read;
  const off_t end = offset + static_cast<off_t>(count);
  off_t known = offset + (read > 0 ? read : 0);  // bytes are known up to here
  auto it = file->second.upper_bound(offset);
  if (it != file->second.begin())
    --it;
  for (; it != file->second.end() && it->first < end; ++it) {
    const off_t begin = it->first;
    const off_t it_end = begin + static_cast<off_t>(it->second.size());
    if (it_end <= offset)
      continue;
    const off_t from = std::max(begin, offset);
    const off_t to = std::min(it_end, end);
    std::memcpy(buffer + (from - offset), it->second.data() + (from - begin),
                static_cast<std::size_t>(to - from));
    if (from <= known)
      known = std::max(known, to);
  }
  if (read < 0 && known < end)
    return -1;
  return static_cast<ssize_t>(known - offset);
}

void forget_kept(int fd) {
  const auto file = g_kept.by_file.find(fd);
  if (file == g_kept.by_file.end())
    return;
  for (const auto& [offset, bytes] : file->second)
    g_kept.bytes -= bytes.size();
  g_kept.by_file.erase(file);
}

// The C library's definitions (or the next interposer's, a sanitizer's),
// set before any of libxapian's references is pointed at a wrapper.
struct Originals {
  int (*open)(const char*, int, ...) = nullptr;
  int (*open64)(const char*, int, ...) = nullptr;
  int (*close)(int) = nullptr;
  ssize_t (*read)(int, void*, size_t) = nullptr;
  ssize_t (*pread)(int, void*, size_t, off_t) = nullptr;
  ssize_t (*write)(int, const void*, size_t) = nullptr;
  ssize_t (*pwrite)(int, const void*, size_t, off_t) = nullptr;
  off_t (*lseek)(int, off_t, int) = nullptr;
  int (*fstat)(int, struct stat*) = nullptr;
  int (*stat)(const char*, struct stat*) = nullptr;
  int (*ftruncate)(int, off_t) = nullptr;
  int (*fdatasync)(int) = nullptr;
  int (*fsync)(int) = nullptr;
  int (*rename)(const char*, const char*) = nullptr;
  int (*unlink)(const char*) = nullptr;
  int (*mkdir)(const char*, mode_t) = nullptr;
  int (*rmdir)(const char*) = nullptr;
};
Originals g_next;

bool creates_or_truncates(int flags) {
  return (flags & (O_CREAT | O_TRUNC)) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

int open_with(int (*next)(const char*, int, ...), const char* path, int flags, mode_t mode) {
  if (creates_or_truncates(flags) && refuse())
    return -1;
  // Probing for a table that was never written is part of opening.
  const int expected = (flags & O_CREAT) == 0 ? ENOENT : ((flags & O_EXCL) != 0 ? EEXIST : 0);
  return note(next(path, flags, mode), expected);
}

mode_t mode_argument(int flags, va_list args) {
  if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE)
    return static_cast<mode_t>(va_arg(args, unsigned int));
  return 0;
}

int guarded_open(const char* path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = mode_argument(flags, args);
  va_end(args);
  return open_with(g_next.open, path, flags, mode);
}

int guarded_open64(const char* path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = mode_argument(flags, args);
  va_end(args);
  return open_with(g_next.open64, path, flags, mode);
}

int guarded_close(int fd) {
  if (!g_kept.by_file.empty())
    forget_kept(fd);  // the number may name another file next
  return note(g_next.close(fd));
}

// Reads only trip the guard: a commit that failed reading is as unsafe to
// repeat as one that failed writing.
ssize_t guarded_read(int fd, void* buffer, size_t count) {
  return note(g_next.read(fd, buffer, count));
}

ssize_t guarded_pread(int fd, void* buffer, size_t count, off_t offset) {
  const ssize_t read = g_next.pread(fd, buffer, count, offset);
  if (g_kept.by_file.empty())
    return note(read);
  const int error = errno;
  const ssize_t known = overlay_kept(fd, static_cast<char*>(buffer), count, offset, read);
  errno = error;
  return known < 0 ? note(known) : known;
}

ssize_t guarded_write(int fd, const void* buffer, size_t count) {
  if (refuse())
    return -1;
  return note(g_next.write(fd, buffer, count));
}

// A block write under a guard never fails: once the guard has tripped it
// is kept in memory (KeptWrites says why), and the commit fails later.
ssize_t guarded_pwrite(int fd, const void* buffer, size_t count, off_t offset) {
  if (g_depth == 0)
    return g_next.pwrite(fd, buffer, count, offset);
  if (!g_tripped) {
    const ssize_t written = g_next.pwrite(fd, buffer, count, offset);
    if (written >= 0 || errno == EINTR || errno == EAGAIN)
      return written;
    trip(errno);
  }
  if (keep_write(fd, buffer, count, offset))
    return static_cast<ssize_t>(count);
  (void)refuse();  // sets errno
  return -1;
}

off_t guarded_lseek(int fd, off_t offset, int whence) {
  return note(g_next.lseek(fd, offset, whence));
}

int guarded_fstat(int fd, struct stat* out) {
  return note(g_next.fstat(fd, out));
}

int guarded_stat(const char* path, struct stat* out) {
  return note(g_next.stat(path, out), ENOENT);
}

int guarded_ftruncate(int fd, off_t length) {
  if (refuse())
    return -1;
  return note(g_next.ftruncate(fd, length));
}

int guarded_fdatasync(int fd) {
  if (refuse())
    return -1;
  return note(g_next.fdatasync(fd));
}

int guarded_fsync(int fd) {
  if (refuse())
    return -1;
  return note(g_next.fsync(fd));
}

int guarded_rename(const char* from, const char* to) {
  if (refuse())
    return -1;
  return note(g_next.rename(from, to));
}

int guarded_unlink(const char* path) {
  if (refuse())
    return -1;
  return note(g_next.unlink(path), ENOENT);
}

int guarded_mkdir(const char* path, mode_t mode) {
  if (refuse())
    return -1;
  return note(g_next.mkdir(path, mode), EEXIST);
}

int guarded_rmdir(const char* path) {
  if (refuse())
    return -1;
  return note(g_next.rmdir(path), ENOENT);
}

// One of libxapian's references: where it is, which function it names.
struct Reference {
  void** slot;
  void* wrapper;
  bool read_only;  // inside PT_GNU_RELRO: write-protected after loading
};

struct Installation {
  std::mutex mutex;
  bool scanned = false;
  std::vector<Reference> references;
};

Installation& installation() {
  static Installation* const it = new Installation;  // never destroyed: used at exit too
  return *it;
}

struct Wrapper {
  std::string_view function;
  void* wrapper;
  void** next;
};

template <typename Fn>
Wrapper wrap(std::string_view function, Fn wrapper, Fn* next) {
  return {function, reinterpret_cast<void*>(wrapper), reinterpret_cast<void**>(next)};
}

std::vector<Wrapper> wrappers() {
  return {
      wrap("open", &guarded_open, &g_next.open),
      wrap("open64", &guarded_open64, &g_next.open64),
      wrap("close", &guarded_close, &g_next.close),
      wrap("read", &guarded_read, &g_next.read),
      wrap("pread", &guarded_pread, &g_next.pread),
      wrap("write", &guarded_write, &g_next.write),
      wrap("pwrite", &guarded_pwrite, &g_next.pwrite),
      wrap("lseek", &guarded_lseek, &g_next.lseek),
      wrap("fstat", &guarded_fstat, &g_next.fstat),
      wrap("stat", &guarded_stat, &g_next.stat),
      wrap("ftruncate", &guarded_ftruncate, &g_next.ftruncate),
      wrap("fdatasync", &guarded_fdatasync, &g_next.fdatasync),
      wrap("fsync", &guarded_fsync, &g_next.fsync),
      wrap("rename", &guarded_rename, &g_next.rename),
      wrap("unlink", &guarded_unlink, &g_next.unlink),
      wrap("mkdir", &guarded_mkdir, &g_next.mkdir),
      wrap("rmdir", &guarded_rmdir, &g_next.rmdir),
  };
}

#if defined(__x86_64__)
constexpr std::uint32_t kJumpSlot = R_X86_64_JUMP_SLOT;
constexpr std::uint32_t kGlobalData = R_X86_64_GLOB_DAT;
#elif defined(__aarch64__)
constexpr std::uint32_t kJumpSlot = R_AARCH64_JUMP_SLOT;
constexpr std::uint32_t kGlobalData = R_AARCH64_GLOB_DAT;
#endif

bool is_xapian(const char* name) {
  if (name == nullptr)
    return false;
  const char* slash = std::strrchr(name, '/');
  return std::strncmp(slash != nullptr ? slash + 1 : name, "libxapian", 9) == 0;
}

#if defined(__x86_64__) || defined(__aarch64__)
// The dynamic linker has relocated these entries of the dynamic section
// into addresses on Linux; elsewhere they may still be offsets.
template <typename T>
T* dynamic_address(const dl_phdr_info* info, ElfW(Addr) value) {
  return reinterpret_cast<T*>(value < info->dlpi_addr ? value + info->dlpi_addr : value);
}

// Finds libxapian's relocations that name a wrapped function.
int scan_object(dl_phdr_info* info, size_t, void* data) {
  if (!is_xapian(info->dlpi_name))
    return 0;
  auto& found = *static_cast<std::vector<Reference>*>(data);
  const ElfW(Dyn)* dynamic = nullptr;
  ElfW(Addr) relro_begin = 0;
  ElfW(Addr) relro_end = 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& header = info->dlpi_phdr[i];
    if (header.p_type == PT_DYNAMIC)
      dynamic = reinterpret_cast<const ElfW(Dyn)*>(info->dlpi_addr + header.p_vaddr);
    if (header.p_type == PT_GNU_RELRO) {
      relro_begin = info->dlpi_addr + header.p_vaddr;
      relro_end = relro_begin + header.p_memsz;
    }
  }
  if (dynamic == nullptr)
    return 0;
  const ElfW(Sym)* symbols = nullptr;
  const char* names = nullptr;
  const ElfW(Rela)* plt = nullptr;
  std::size_t plt_bytes = 0;
  const ElfW(Rela)* other = nullptr;
  std::size_t other_bytes = 0;
  bool plt_is_rela = true;
  for (const ElfW(Dyn)* d = dynamic; d->d_tag != DT_NULL; ++d) {
    switch (d->d_tag) {
      case DT_SYMTAB:
        symbols = dynamic_address<const ElfW(Sym)>(info, d->d_un.d_ptr);
        break;
      case DT_STRTAB:
        names = dynamic_address<const char>(info, d->d_un.d_ptr);
        break;
      case DT_JMPREL:
        plt = dynamic_address<const ElfW(Rela)>(info, d->d_un.d_ptr);
        break;
      case DT_PLTRELSZ:
        plt_bytes = d->d_un.d_val;
        break;
      case DT_PLTREL:
        plt_is_rela = d->d_un.d_val == DT_RELA;
        break;
      case DT_RELA:
        other = dynamic_address<const ElfW(Rela)>(info, d->d_un.d_ptr);
        break;
      case DT_RELASZ:
        other_bytes = d->d_un.d_val;
        break;
      default:
        break;
    }
  }
  if (symbols == nullptr || names == nullptr || !plt_is_rela)
    return 0;
  const std::vector<Wrapper> wanted = wrappers();
  auto scan = [&](const ElfW(Rela) * relocations, std::size_t bytes) {
    if (relocations == nullptr)
      return;
    for (std::size_t i = 0; i < bytes / sizeof(ElfW(Rela)); ++i) {
      const ElfW(Rela)& r = relocations[i];
      const auto type = static_cast<std::uint32_t>(ELF64_R_TYPE(r.r_info));
      const auto symbol = ELF64_R_SYM(r.r_info);
      if ((type != kJumpSlot && type != kGlobalData) || symbol == 0)
        continue;
      const std::string_view name = names + symbols[symbol].st_name;
      for (const Wrapper& w : wanted) {
        if (w.function != name)
          continue;
        const ElfW(Addr) slot = info->dlpi_addr + r.r_offset;
        found.push_back(
            {reinterpret_cast<void**>(slot), w.wrapper, slot >= relro_begin && slot < relro_end});
      }
    }
  };
  scan(plt, plt_bytes);
  scan(other, other_bytes);
  return 0;
}
#endif

// Points the slot at its wrapper if it does not already.
bool point(const Reference& reference) {
  if (__atomic_load_n(reference.slot, __ATOMIC_ACQUIRE) == reference.wrapper)
    return true;
  const long page = ::sysconf(_SC_PAGESIZE);
  void* start = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(reference.slot) &
                                        ~static_cast<std::uintptr_t>(page - 1));
  if (reference.read_only &&
      ::mprotect(start, static_cast<std::size_t>(page), PROT_READ | PROT_WRITE) != 0) {
    return false;
  }
  __atomic_store_n(reference.slot, reference.wrapper, __ATOMIC_RELEASE);
  if (reference.read_only)
    (void)::mprotect(start, static_cast<std::size_t>(page), PROT_READ);
  return true;
}

// Scans libxapian once; afterwards points again any slot that the lazy
// binder, racing with the first scan, may have overwritten.
int install() noexcept {
  Installation& it = installation();
  const std::lock_guard lock(it.mutex);
  if (!it.scanned) {
    it.scanned = true;
    for (const Wrapper& w : wrappers()) {
      void* next = ::dlsym(RTLD_DEFAULT, std::string(w.function).c_str());
      if (next == nullptr)
        return 0;  // leave libxapian as it is rather than half-wrapped
      *w.next = next;
    }
#if defined(__x86_64__) || defined(__aarch64__)
    ::dl_iterate_phdr(scan_object, &it.references);
#endif
  }
  int pointed = 0;
  for (const Reference& reference : it.references)
    pointed += point(reference) ? 1 : 0;
  return pointed;
}

}  // namespace

CommitGuard::CommitGuard() noexcept {
  if (g_depth++ == 0) {
    g_tripped = false;
    g_first_error = 0;
    (void)install();
  }
}

CommitGuard::~CommitGuard() {
  if (--g_depth == 0) {
    g_tripped = false;
    g_first_error = 0;
    g_kept = KeptWrites();  // the database that wrote them is failed and closed
  }
}

bool CommitGuard::tripped() const noexcept {
  return g_tripped;
}

int CommitGuard::first_error() const noexcept {
  return g_tripped ? (g_first_error != 0 ? g_first_error : EIO) : 0;
}

bool CommitGuard::kept_writes() const noexcept {
  return !g_kept.by_file.empty();
}

int CommitGuard::installed_references() noexcept {
  return install();
}

}  // namespace byline::detail
