#include "output.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <iostream>

namespace dossier::cli {
namespace {

// Code-point index of byte offset `byte` in `text`: JSON consumers in every
// language can count code points, while byte offsets are C-specific.
std::size_t code_points(const std::string& text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

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

nlohmann::ordered_json search_json(const SearchResponse& response) {
  nlohmann::ordered_json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["query"] = response.query;
  doc["total"] = response.total;
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const Hit& hit : response.hits) {
    nlohmann::ordered_json h;
    h["rank"] = hit.rank;
    h["id"] = hit.id;
    h["title"] = hit.title;
    h["published"] = hit.published.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(hit.published);
    h["source"] = hit.source;
    h["url"] = hit.url;
    h["lang"] = hit.lang;
    h["score"] = std::round(hit.score * 10000.0) / 10000.0;
    h["snippet"] = hit.snippet.text;
    nlohmann::ordered_json marks = nlohmann::ordered_json::array();
    for (const Highlight& m : hit.snippet.highlights) {
      marks.push_back({code_points(hit.snippet.text, m.start),
                       code_points(hit.snippet.text, m.start + m.length)});
    }
    h["highlights"] = marks;
    nlohmann::ordered_json entities = nlohmann::ordered_json::array();
    for (const EntityRef& e : hit.entities) {
      entities.push_back({{"id", e.id}, {"type", e.type}, {"name", e.name}});
    }
    h["entities"] = std::move(entities);
    hits.push_back(std::move(h));
  }
  doc["hits"] = std::move(hits);
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const auto& [name, values] : response.facets) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    const bool years = name == "year" || name == "mentioned_year";
    for (const FacetValue& v : values) {
      if (years) {
        list.push_back({{"name", v.name}, {"count", v.count}});
      } else {
        list.push_back({{"id", v.id}, {"name", v.name}, {"count", v.count}});
      }
    }
    facets[name] = std::move(list);
  }
  doc["facets"] = std::move(facets);
  return doc;
}

}  // namespace dossier::cli
