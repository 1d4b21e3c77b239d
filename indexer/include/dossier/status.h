// Status and Result: how every Dossier library call reports failure.
//
// Dossier never throws across its public API and never prints. A call that can
// fail returns a Status (or a Result<T> carrying either a value or a Status).
// The code is a closed, domain-specific set: callers branch on it; the message
// is for humans and names the file, line, query or database concerned.
//
// Thread-safety: Status and Result are plain values. Const methods may be
// called from several threads at once; mutation needs external locking.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace dossier {

/// What went wrong. Values are stable: they are part of the C-facing contract
/// and of the CLI's exit-status mapping.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument = 1,   ///< A caller-supplied value is malformed (bad option, bad id).
  kNotFound = 2,          ///< The database, file or article does not exist.
  kBadQuery = 3,          ///< The query string cannot be parsed; message says where.
  kLocked = 4,            ///< Another writer holds the database lock.
  kCorrupt = 5,           ///< The database (or an input file) is damaged.
  kVersionMismatch = 6,   ///< The index was written by an incompatible format version.
  kIoError = 7,           ///< Reading or writing a file failed.
  kBadInput = 8,          ///< An input record is malformed (bad JSON line, binary file).
  kDatabaseModified = 9,  ///< The database changed under a reader faster than it could reopen.
  kInternal = 10,         ///< A bug or resource exhaustion; the message has details.
};

/// Returns a short lower-case name for `code` ("not found", "locked", ...).
/// The returned pointer is to static storage and never null.
const char* status_code_name(StatusCode code);

/// The outcome of an operation: kOk, or a code plus a message.
class [[nodiscard]] Status {
 public:
  /// A success status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok_status() { return Status(); }
  static Status invalid_argument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status not_found(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status bad_query(std::string msg) { return Status(StatusCode::kBadQuery, std::move(msg)); }
  static Status locked(std::string msg) { return Status(StatusCode::kLocked, std::move(msg)); }
  static Status corrupt(std::string msg) { return Status(StatusCode::kCorrupt, std::move(msg)); }
  static Status version_mismatch(std::string msg) {
    return Status(StatusCode::kVersionMismatch, std::move(msg));
  }
  static Status io_error(std::string msg) { return Status(StatusCode::kIoError, std::move(msg)); }
  static Status bad_input(std::string msg) { return Status(StatusCode::kBadInput, std::move(msg)); }
  static Status internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  /// Human-readable detail; empty for kOk.
  const std::string& message() const { return message_; }
  /// "<code name>: <message>", or "ok".
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

/// Either a T or a non-ok Status. Constructing a Result from an ok Status is a
/// programming error (asserted in debug builds, turned into kInternal otherwise).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok());
    if (std::get<Status>(state_).ok()) {
      state_ = Status::internal("Result constructed from an ok Status without a value");
    }
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  /// The error; an ok Status when the Result holds a value.
  Status status() const { return ok() ? Status() : std::get<Status>(state_); }

  /// REQUIRES: ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace dossier
