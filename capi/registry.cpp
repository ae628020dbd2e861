#include "capi/registry.hpp"

#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace byline::capi {

namespace {

struct Registry {
  // Shared for lookups, which are most calls: searchers in parallel threads
  // do not queue behind each other. Exclusive to add and remove a handle.
  std::shared_mutex mutex;
  std::unordered_map<const void*, HandleType> live;
};

Registry& registry() {
  // Never destroyed: handles may be released after static destruction has
  // begun (a C++ global's destructor, an atexit handler, a language
  // runtime's finalizers at exit), and must still be found then.
  static Registry* const instance = new Registry();
  return *instance;
}

std::string address(const void* pointer) {
  char text[32];
  std::snprintf(text, sizeof text, "%p", pointer);
  return text;
}

}  // namespace

std::string_view type_name(HandleType type) noexcept {
  switch (type) {
    case HandleType::index:
      return "byline_index";
    case HandleType::writer:
      return "byline_writer";
    case HandleType::searcher:
      return "byline_searcher";
    case HandleType::results:
      return "byline_results";
  }
  return "byline handle";
}

std::string_view release_function(HandleType type) noexcept {
  switch (type) {
    case HandleType::index:
      return "byline_index_close";
    case HandleType::writer:
      return "byline_writer_free";
    case HandleType::searcher:
      return "byline_searcher_free";
    case HandleType::results:
      return "byline_results_free";
  }
  return "its own release function";
}

void register_handle(const void* handle, HandleType type) {
  Registry& r = registry();
  const std::unique_lock lock(r.mutex);
  r.live.insert_or_assign(handle, type);
}

bool unregister_handle(const void* handle, HandleType type, std::string_view function) noexcept {
  Registry& r = registry();
  {
    const std::unique_lock lock(r.mutex);
    const auto found = r.live.find(handle);
    if (found != r.live.end() && found->second == type) {
      r.live.erase(found);
      return true;
    }
  }
  try {
    fail(BYLINE_MISUSE, misuse_message(function, handle, type));
  } catch (...) {
    fail(BYLINE_MISUSE, "misuse of a byline handle");  // out of memory for the message
  }
  return false;
}

std::optional<HandleType> live_type(const void* pointer) noexcept {
  Registry& r = registry();
  const std::shared_lock lock(r.mutex);
  const auto found = r.live.find(pointer);
  if (found == r.live.end())
    return std::nullopt;
  return found->second;
}

std::string misuse_message(std::string_view function, const void* pointer, HandleType expected) {
  std::string message = "misuse: ";
  message += function;
  message += "() was given ";
  message += address(pointer);
  message += ", ";
  if (const auto actual = live_type(pointer)) {
    message += "a ";
    message += type_name(*actual);
    message += ", not a ";
    message += type_name(expected);
  } else {
    message += "which is not a live ";
    message += type_name(expected);
    message += " (";
    message += expected == HandleType::index ? "closed" : "freed";
    message += " already, or never made by byline)";
  }
  return message;
}

}  // namespace byline::capi
