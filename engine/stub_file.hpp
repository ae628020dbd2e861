// An index made of shards: a Xapian stub file (or a folder holding one,
// named XAPIANDB) lists one database per line, local or remote, and Xapian
// opens them as one database. It says nothing of them one by one, which
// byline needs to check that the shards agree and to name the one at
// fault (docs/plans/scale-out.md, "Stub files").
//
// The lines byline reads are Xapian 1.4's: "auto PATH", "glass PATH",
// "chert PATH" (a path relative to the stub's folder), "remote HOST:PORT"
// (or "[IPv6]:PORT"), "remote :PROGRAM ARGS"; empty lines and lines that
// begin with "#" are skipped. An "auto" line may name a stub again, whose
// shards are read in its place.
// Internal to the library: not installed, not part of the public API.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace byline::detail {

struct StubShard {
  enum class Kind { local, remote_tcp, remote_program };
  Kind kind = Kind::local;
  std::filesystem::path path;  // local: as the stub gives it, made absolute
  std::string host;            // remote_tcp
  unsigned port = 0;
  std::string program;         // remote_program
  std::string arguments;       // remote_program, as one string (Xapian splits it)
  std::filesystem::path stub;  // the stub file that lists it, and where
  std::size_t line = 0;

  // "shard 2 (shards/b, line 2 of idx/XAPIANDB)", for messages: `number`
  // counts from 1 in the order of read_stub().
  [[nodiscard]] std::string describe(std::size_t number) const;
  // Whether Xapian's error `e` came from this shard's connection: its
  // context is "remote:tcp(HOST:PORT)" or "remote:prog(PROGRAM ARGS)".
  [[nodiscard]] bool raised(const Xapian::Error& e) const;
};

// How long a remote shard may take to accept the connection, and then to
// answer each message, before opening or searching it fails (Xapian's
// defaults: 10 s each). A program's shard has no connection to wait for.
struct RemoteTimeouts {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds reply{10000};
};

// The stub file that `path` opens as, if it does: a regular file (Xapian
// reads any regular file but a single-file glass database as a stub), or a
// folder that holds XAPIANDB and no database of its own.
[[nodiscard]] std::optional<std::filesystem::path> stub_file_of(const std::filesystem::path& path);

// The shards `stub` lists, nested stubs read in their place, in the order
// Xapian opens them. Throws Error(bad_input) naming the file and line of a
// line Xapian would refuse (Xapian's own message gives the line number
// only), and of a stub nested more than 8 deep or in itself;
// Error(not_found) when the stub cannot be read.
[[nodiscard]] std::vector<StubShard> read_stub(const std::filesystem::path& stub);

// The shard alone, as Xapian opens it from its line, with `timeouts` for a
// remote one. Xapian errors propagate.
[[nodiscard]] Xapian::Database open_shard(const StubShard& shard,
                                          const RemoteTimeouts& timeouts = {});

}  // namespace byline::detail
