// Maps Xapian's exception hierarchy to Dossier's domain status codes. Every
// library entry point that touches Xapian catches Xapian::Error and returns
// from_xapian(e, context); no Xapian exception crosses the public API.
#pragma once

#include <string>

#include <xapian.h>

#include "dossier/status.h"

namespace dossier::analysis {

/// `context` says what was being done ("opening database /tmp/db").
Status from_xapian(const Xapian::Error& error, const std::string& context);

}  // namespace dossier::analysis
