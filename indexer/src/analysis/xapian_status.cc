#include "analysis/xapian_status.h"

#include <cstring>

namespace dossier::analysis {

Status from_xapian(const Xapian::Error& error, const std::string& context) {
  std::string message = context + ": " + error.get_msg();
  const char* detail = error.get_error_string();
  if (detail != nullptr && *detail != '\0' && error.get_msg() != detail) {
    message += std::string(" (") + detail + ")";
  }
  // Xapian::Error is not polymorphic in 1.4; get_type() names the most derived
  // class. Classes not listed map to their nearest listed base.
  const std::string type = error.get_type();
  if (type == "DatabaseLockError") {
    return Status::locked(context +
                          ": the database is locked by another indexer (is another "
                          "`dossier index`, or another program writing to it, running?)");
  }
  if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError" ||
      type == "DocNotFoundError") {
    return Status::not_found(message);
  }
  if (type == "DatabaseVersionError") return Status::version_mismatch(message);
  if (type == "DatabaseCorruptError") return Status::corrupt(message);
  if (type == "DatabaseModifiedError") return Status(StatusCode::kDatabaseModified, message);
  if (type == "QueryParserError" || type == "WildcardError") return Status::bad_query(message);
  if (type == "InvalidArgumentError" || type == "RangeError") {
    return Status::invalid_argument(message);
  }
  if (type == "DatabaseError" || type == "DatabaseCreateError" || type == "DatabaseClosedError" ||
      type == "NetworkError" || type == "NetworkTimeoutError") {
    return Status::io_error(message);
  }
  return Status::internal(message);
}

}  // namespace dossier::analysis
