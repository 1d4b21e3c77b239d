#include "output.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace dossier::cli {
void print_error(const Status& status) {
  std::cerr << "dossier: error: " << status.message() << "\n";
}

void print_warning(const std::string& message) {
  std::cerr << "dossier: warning: " << message << "\n";
}

bool use_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(fileno(stream)) != 0;
}

std::string render_snippet(const Snippet& snippet, bool color) {
  const char* open = color ? "\033[1;33m" : "**";
  const char* close = color ? "\033[0m" : "**";
  std::string out;
  std::size_t pos = 0;
  for (const Highlight& h : snippet.highlights) {
    out.append(snippet.text, pos, h.start - pos);
    out += open;
    out.append(snippet.text, h.start, h.length);
    out += close;
    pos = h.start + h.length;
  }
  out.append(snippet.text, pos, std::string::npos);
  return out;
}

nlohmann::ordered_json entities_json(const std::vector<EntityInfo>& entities) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const EntityInfo& e : entities) {
    out.push_back({{"id", e.id},
                   {"type", e.type},
                   {"name", e.name},
                   {"country", e.country.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(e.country)},
                   {"from_gazetteer", e.from_gazetteer},
                   {"mentions", e.mentions},
                   {"salience", e.salience},
                   {"surfaces", e.surfaces}});
  }
  return out;
}

void add_filter_option(CLI::App* cmd, std::vector<std::string>* filters) {
  cmd->add_option("--filter", *filters,
                  "Only articles with this facet value, e.g. country:Russia, year:2012, "
                  "lang:en (repeatable: values of one facet are OR-ed, facets AND-ed)")
      ->type_name("FACET:VALUE")
      ->check(CLI::Validator(
          [](std::string& text) {
            Result<FacetFilter> parsed = parse_facet_filter(text);
            return parsed.ok() ? std::string() : parsed.status().message();
          },
          "FACET:VALUE", "facet filter"));
}

std::string describe_filters(const std::vector<AppliedFilter>& filters) {
  // Facets in the order first given, each with its values.
  std::vector<std::pair<std::string, std::string>> facets;
  for (const AppliedFilter& f : filters) {
    auto it = std::find_if(facets.begin(), facets.end(),
                           [&](const auto& p) { return p.first == f.facet; });
    if (it == facets.end()) {
      facets.emplace_back(f.facet, f.name);
    } else {
      it->second += " or " + f.name;
    }
  }
  std::string out;
  for (const auto& [facet, values] : facets) {
    out += (out.empty() ? "" : "; ") + facet + ": " + values;
  }
  return out;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace dossier::cli
