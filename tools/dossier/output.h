// Output helpers shared by the subcommands: errors, colour, JSON documents.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dossier/analysis.h"
#include "dossier/json.h"
#include "dossier/searcher.h"
#include "dossier/status.h"

namespace dossier::cli {

/// Prints "dossier: error: <message>" to stderr.
void print_error(const Status& status);
/// Prints "dossier: warning: <message>" to stderr.
void print_warning(const std::string& message);

/// True when `stream` is a terminal and NO_COLOR is not set.
bool use_color(std::FILE* stream);

/// The snippet with highlights in bold yellow (colour) or between ** markers.
std::string render_snippet(const Snippet& snippet, bool color);

/// Entities as JSON: [{"id","type","name","country","from_gazetteer","mentions","salience"}].
nlohmann::ordered_json entities_json(const std::vector<EntityInfo>& entities);

/// Adds the repeatable `--filter FACET:VALUE` option (drill-down filters of
/// search and related), its syntax checked by parse_facet_filter.
void add_filter_option(CLI::App* cmd, std::vector<std::string>* filters);

/// The positional words of a command joined with single spaces (the shell
/// split `dossier search Kim + Russia` into words; the query is one string).
std::string join_words(const std::vector<std::string>& words);

/// Display width of UTF-8 text in terminal columns, one per code point
/// (names mix scripts), for aligning tables.
std::size_t display_width(const std::string& s);

/// "country: Russia or China; year: 2012" ("" without filters), for the
/// summary lines.
std::string describe_filters(const std::vector<AppliedFilter>& filters);

}  // namespace dossier::cli
