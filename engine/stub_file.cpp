#include "engine/stub_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string_view>
#include <system_error>

#include "byline/error.hpp"

namespace byline::detail {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxNesting = 8;

[[noreturn]] void bad_line(const fs::path& stub, std::size_t line, const std::string& why) {
  throw Error(Error::Kind::bad_input,
              stub.string() + ", line " + std::to_string(line) + ": " + why);
}

// `text` after "remote ": a shard served by xapian-tcpsrv or a program.
StubShard remote(const std::string& text, const fs::path& stub, std::size_t line) {
  StubShard shard;
  if (!text.empty() && text.front() == ':') {
    shard.kind = StubShard::Kind::remote_program;
    const std::size_t space = text.find(' ');
    shard.program = text.substr(1, space == std::string::npos ? std::string::npos : space - 1);
    if (space != std::string::npos)
      shard.arguments = text.substr(space + 1);
    if (shard.program.empty())
      bad_line(stub, line, "\"remote :\" names no program");
    return shard;
  }
  const std::size_t colon = text.rfind(':');
  if (text.empty() || colon == std::string::npos || (text.front() == '[' && text.back() == ']')) {
    bad_line(stub, line, "a remote shard is \"remote HOST:PORT\" or \"remote :PROGRAM ARGS\"");
  }
  shard.kind = StubShard::Kind::remote_tcp;
  shard.host = text.substr(0, colon);
  if (shard.host.size() >= 2 && shard.host.front() == '[' && shard.host.back() == ']')
    shard.host = shard.host.substr(1, shard.host.size() - 2);
  const std::string port = text.substr(colon + 1);
  char* end = nullptr;
  const unsigned long number = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || number == 0 || number > 65535)
    bad_line(stub, line, "\"" + port + "\" is no port number (1 to 65535)");
  shard.port = static_cast<unsigned>(number);
  return shard;
}

void read_into(const fs::path& stub, int depth, std::vector<StubShard>& out) {
  if (depth > kMaxNesting) {
    throw Error(Error::Kind::bad_input, stub.string() + ": stubs nested more than " +
                                            std::to_string(kMaxNesting) +
                                            " deep (does a stub list itself?)");
  }
  std::ifstream in(stub);
  if (!in)
    throw Error(Error::Kind::not_found, "cannot read the stub file " + stub.string());
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty() || text.front() == '#')
      continue;
    const std::size_t space = text.find(' ');
    const std::string type = text.substr(0, space);
    const std::string rest = space == std::string::npos ? std::string() : text.substr(space + 1);
    StubShard shard;
    if (type == "auto" || type == "glass" || type == "chert") {
      if (rest.empty())
        bad_line(stub, line, "\"" + type + "\" names no database");
      fs::path path = rest;
      if (path.is_relative())
        path = stub.parent_path() / path;
      if (type == "auto") {
        if (const auto nested = stub_file_of(path)) {
          read_into(*nested, depth + 1, out);
          continue;
        }
      }
      shard.path = path;
    } else if (type == "remote") {
      shard = remote(rest, stub, line);
    } else {
      bad_line(stub, line,
               "byline reads shards listed as \"auto PATH\", \"glass PATH\", \"remote "
               "HOST:PORT\" or \"remote :PROGRAM ARGS\"");
    }
    shard.stub = stub;
    shard.line = line;
    out.push_back(std::move(shard));
  }
}

}  // namespace

std::string StubShard::describe(std::size_t number) const {
  std::string where;
  switch (kind) {
    case Kind::local:
      where = path.string();
      break;
    case Kind::remote_tcp:
      where = "remote " + host + ":" + std::to_string(port);
      break;
    case Kind::remote_program:
      where = "remote program " + program;
      break;
  }
  return "shard " + std::to_string(number) + " (" + where + ", line " + std::to_string(line) +
         " of " + stub.string() + ")";
}

std::optional<fs::path> stub_file_of(const fs::path& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    // A single-file glass database begins so; any other file is a stub.
    static constexpr std::string_view kSingleFile = "\x0f\x0dXapian Glass";
    std::string start(kSingleFile.size(), '\0');
    std::ifstream in(path, std::ios::binary);
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    if (in && start == kSingleFile)
      return std::nullopt;
    return path;
  }
  if (fs::is_directory(path, ec) && !fs::exists(path / "iamglass", ec) &&
      !fs::exists(path / "iamchert", ec) && fs::is_regular_file(path / "XAPIANDB", ec)) {
    return path / "XAPIANDB";
  }
  return std::nullopt;
}

std::vector<StubShard> read_stub(const fs::path& stub) {
  std::vector<StubShard> out;
  read_into(stub, 0, out);
  return out;
}

bool StubShard::raised(const Xapian::Error& e) const {
  const std::string context = e.get_context();
  switch (kind) {
    case Kind::local:
      return false;
    case Kind::remote_tcp:
      return context == "remote:tcp(" + host + ":" + std::to_string(port) + ")";
    case Kind::remote_program:
      return context.starts_with("remote:prog(" + program);
  }
  return false;
}

Xapian::Database open_shard(const StubShard& shard, const RemoteTimeouts& timeouts) {
  const auto ms = [](std::chrono::milliseconds t) {
    return static_cast<unsigned>(std::clamp<std::chrono::milliseconds::rep>(
        t.count(), 1, std::numeric_limits<unsigned>::max()));
  };
  switch (shard.kind) {
    case StubShard::Kind::local:
      return Xapian::Database(shard.path.string());
    case StubShard::Kind::remote_tcp:
      return Xapian::Remote::open(shard.host, shard.port, ms(timeouts.reply), ms(timeouts.connect));
    case StubShard::Kind::remote_program:
      return Xapian::Remote::open(shard.program, shard.arguments, ms(timeouts.reply));
  }
  return Xapian::Database();
}

}  // namespace byline::detail
