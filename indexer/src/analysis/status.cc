#include "dossier/status.h"

namespace dossier {

const char* status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kBadQuery: return "bad query";
    case StatusCode::kLocked: return "locked";
    case StatusCode::kCorrupt: return "corrupt";
    case StatusCode::kVersionMismatch: return "version mismatch";
    case StatusCode::kIoError: return "I/O error";
    case StatusCode::kBadInput: return "bad input";
    case StatusCode::kDatabaseModified: return "database modified";
    case StatusCode::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  return std::string(status_code_name(code_)) + ": " + message_;
}

}  // namespace dossier
