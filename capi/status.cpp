#include "capi/status.hpp"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "capi/registry.hpp"

namespace byline::capi {

namespace {

struct LastError {
  byline_status status = BYLINE_OK;
  std::string message;
  std::int64_t position = -1;
};

// Per thread, like errno: a thread's failures never overwrite another's.
thread_local LastError t_last_error;

}  // namespace

byline_status status_of(Error::Kind kind) noexcept {
  switch (kind) {
    case Error::Kind::invalid_argument:
      return BYLINE_INVALID_ARGUMENT;
    case Error::Kind::invalid_query:
      return BYLINE_INVALID_QUERY;
    case Error::Kind::not_found:
      return BYLINE_NOT_FOUND;
    case Error::Kind::locked:
      return BYLINE_LOCKED;
    case Error::Kind::corrupt:
      return BYLINE_CORRUPT;
    case Error::Kind::version_mismatch:
      return BYLINE_VERSION_MISMATCH;
    case Error::Kind::bad_input:
      return BYLINE_BAD_INPUT;
    case Error::Kind::io:
      return BYLINE_IO;
    case Error::Kind::interrupted:
      return BYLINE_INTERRUPTED;
  }
  return BYLINE_INTERNAL;
}

byline_status fail(byline_status status, std::string_view message,
                   std::optional<std::size_t> position) noexcept {
  LastError& last = t_last_error;
  last.status = status;
  last.position = position ? static_cast<std::int64_t>(*position) : -1;
  try {
    last.message.assign(message);
  } catch (...) {
    last.message.clear();  // out of memory: the status still says what happened
  }
  return status;
}

void clear_last_error() noexcept {
  LastError& last = t_last_error;
  last.status = BYLINE_OK;
  last.position = -1;
  last.message.clear();
}

byline_status status_of_current_exception() noexcept {
  try {
    throw;
  } catch (const Misuse& e) {
    return fail(BYLINE_MISUSE, e.what());
  } catch (const Error& e) {
    return fail(status_of(e.kind()), e.what(), e.position());
  } catch (const std::bad_alloc&) {
    return fail(BYLINE_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(BYLINE_INTERNAL, e.what());
  } catch (...) {
    return fail(BYLINE_INTERNAL, "unknown exception");
  }
}

void require(const void* pointer, std::string_view what) {
  if (pointer == nullptr)
    throw Error(Error::Kind::invalid_argument, std::string(what) + " is NULL");
}

char* copy_out(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr)
    throw std::bad_alloc();
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

}  // namespace byline::capi

extern "C" {

const char* byline_status_name(byline_status status) {
  switch (status) {
    case BYLINE_OK:
      return "OK";
    case BYLINE_OUT_OF_MEMORY:
      return "OutOfMemory";
    case BYLINE_INTERNAL:
      return "Internal";
    case BYLINE_MISUSE:
      return "Misuse";
    default:
      break;
  }
  // The other names are those of byline::Error's kinds (kind_name()).
  static constexpr byline::Error::Kind kinds[] = {
      byline::Error::Kind::invalid_argument, byline::Error::Kind::invalid_query,
      byline::Error::Kind::not_found,        byline::Error::Kind::locked,
      byline::Error::Kind::corrupt,          byline::Error::Kind::version_mismatch,
      byline::Error::Kind::bad_input,        byline::Error::Kind::io,
      byline::Error::Kind::interrupted,
  };
  for (const byline::Error::Kind kind : kinds) {
    if (byline::capi::status_of(kind) == status)
      return byline::kind_name(kind).data();
  }
  return "Unknown";
}

byline_status byline_last_error_status(void) {
  return byline::capi::t_last_error.status;
}

const char* byline_last_error_message(void) {
  return byline::capi::t_last_error.message.c_str();
}

int64_t byline_last_error_position(void) {
  return byline::capi::t_last_error.position;
}

void byline_free(void* string) {
  // A handle given here would be freed without its destructor, and then
  // again by its own release function: refused, the handle left working.
  // Costs a lookup per string freed; a string freed twice is not detected
  // (strings are not registered: they are plain malloc'd memory).
  if (const auto type = byline::capi::live_type(string)) {
    try {
      byline::capi::fail(BYLINE_MISUSE,
                         "misuse: byline_free() frees strings, and was given a " +
                             std::string(byline::capi::type_name(*type)) + ": release it with " +
                             std::string(byline::capi::release_function(*type)) + "()");
    } catch (...) {
      byline::capi::fail(BYLINE_MISUSE, "misuse: byline_free() was given a handle");
    }
    return;
  }
  std::free(string);
}

}  // extern "C"
