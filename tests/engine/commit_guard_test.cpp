// The commit guard reaches libxapian however byline is linked: without it a
// failed commit can corrupt the index (engine/commit_guard.hpp), so a build
// where it cannot be installed must fail here, not in a user's disk-full.
#include "engine/commit_guard.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string_view>

TEST_CASE("the commit guard points libxapian's file system calls at its wrappers") {
  // libxapian 1.4 imports 15 of the guarded functions (all but open64 and
  // fsync); each has one or two references (PLT and GOT).
  const int references = byline::detail::CommitGuard::installed_references();
  CHECK(references >= 15);
  // Installing again finds them all still pointed.
  CHECK(byline::detail::CommitGuard::installed_references() == references);
}

TEST_CASE("every guarded call names the system call the fault tests inject into") {
  std::set<std::string_view> functions;
  for (const auto& call : byline::detail::kGuardedCalls) {
    CHECK(functions.insert(call.function).second);
    CHECK(!call.system_call.empty());
  }
}
