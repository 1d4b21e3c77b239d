// Cleaning: the "clean" stage between reading and analysis. It fixes layout
// left behind by scraping so that paragraphs, snippets and positions are right.
// Boilerplate removal (paywalls, captions) belongs here too.
#pragma once

#include <string>
#include <string_view>

namespace dossier::index {

/// Normalises a body's layout: CR/CRLF to LF; runs of ", ," (how some scrapers,
/// KCNA's among them, flattened paragraph breaks) to a blank line; spaces and
/// tabs inside a line collapsed; at most one blank line between paragraphs;
/// no leading or trailing blank space.
std::string clean_body(std::string_view body);

/// Collapses every run of white space (newlines included) to one space and trims.
std::string clean_line(std::string_view text);

}  // namespace dossier::index
