#include "dossier/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace dossier {
namespace {

using Json = nlohmann::ordered_json;

// Code-point index of byte offset `byte` in `text`: JSON consumers in every
// language can count code points, while byte offsets are C-specific.
std::size_t code_points(const std::string& text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

Json or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

// {"ranking","bm25","reranked","components":[{"name","feature","weight","value"}]}
Json explain_json(const Explanation& e) {
  Json components = Json::array();
  for (const ScoreComponent& c : e.components) {
    components.push_back({{"name", c.name},
                          {"feature", round4(c.feature)},
                          {"weight", round4(c.weight)},
                          {"value", round4(c.value)}});
  }
  return {{"ranking", e.ranking},
          {"bm25", round4(e.bm25)},
          {"reranked", e.reranked},
          {"components", std::move(components)}};
}

// Invalid UTF-8 cannot reach here (everything indexed was repaired), but a
// replacement character is better than an exception if it ever does.
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json filters_json(const std::vector<AppliedFilter>& filters) {
  Json list = Json::array();
  for (const AppliedFilter& f : filters) {
    list.push_back({{"facet", f.facet}, {"value", f.value}, {"id", f.id}, {"name", f.name}});
  }
  return list;
}

// One hit, as search and similar documents list them.
Json hit_json(const Hit& hit) {
  Json h;
  h["rank"] = hit.rank;
  h["id"] = hit.id;
  h["title"] = hit.title;
  h["published"] = or_null(hit.published);
  h["source"] = hit.source;
  h["url"] = hit.url;
  h["lang"] = hit.lang;
  h["score"] = std::round(hit.score * 10000.0) / 10000.0;
  h["similar"] = hit.similar;
  h["snippet"] = hit.snippet.text;
  Json marks = Json::array();
  for (const Highlight& m : hit.snippet.highlights) {
    marks.push_back({code_points(hit.snippet.text, m.start),
                     code_points(hit.snippet.text, m.start + m.length)});
  }
  h["highlights"] = std::move(marks);
  Json entities = Json::array();
  for (const EntityRef& e : hit.entities) {
    entities.push_back({{"id", e.id}, {"type", e.type}, {"name", e.name}});
  }
  h["entities"] = std::move(entities);
  if (!hit.explain.components.empty()) h["explain"] = explain_json(hit.explain);
  return h;
}

}  // namespace

std::string to_json(const SearchResponse& response) {
  Json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["query"] = response.query;
  doc["total"] = response.total;
  doc["exact"] = response.exact;
  doc["counted"] = response.counted;
  doc["did_you_mean"] = response.did_you_mean;
  doc["filters"] = filters_json(response.filters);
  Json hits = Json::array();
  for (const Hit& hit : response.hits) {
    hits.push_back(hit_json(hit));
  }
  doc["hits"] = std::move(hits);
  Json facets = Json::object();
  for (const auto& [name, values] : response.facets) {
    Json list = Json::array();
    const bool years = name == "year" || name == "mentioned_year" || name == "lang";
    for (const FacetValue& v : values) {
      Json value;
      if (!years) value["id"] = v.id;
      value["name"] = v.name;
      value["count"] = v.count;
      if (v.selected) value["selected"] = true;
      list.push_back(std::move(value));
    }
    facets[name] = std::move(list);
  }
  doc["facets"] = std::move(facets);
  return dump(doc);
}

std::string to_json(const RelatedResponse& response) {
  Json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["query"] = response.query;
  doc["filters"] = filters_json(response.filters);
  doc["total"] = response.total;
  doc["documents"] = response.documents;
  doc["exact"] = response.exact;
  doc["counted"] = response.counted;
  Json entities = Json::array();
  for (const RelatedEntity& e : response.entities) {
    // Six significant digits: scores span orders of magnitude.
    char score[32];
    std::snprintf(score, sizeof score, "%.6g", e.score);
    entities.push_back({{"id", e.id},
                        {"type", e.type},
                        {"name", e.name},
                        {"count", e.count},
                        {"background", e.background},
                        {"score", std::strtod(score, nullptr)}});
  }
  doc["entities"] = std::move(entities);
  return dump(doc);
}

std::string to_json(const SuggestResponse& response) {
  Json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["prefix"] = response.prefix;
  Json list = Json::array();
  for (const Suggestion& s : response.suggestions) {
    list.push_back({{"text", s.text},
                    {"type", s.type},
                    {"id", s.id},
                    {"matched", s.matched},
                    {"count", s.count}});
  }
  doc["suggestions"] = std::move(list);
  return dump(doc);
}

std::string to_json(const SimilarResponse& response) {
  Json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["id"] = response.id;
  doc["title"] = response.title;
  doc["words"] = response.words;
  Json entities = Json::array();
  for (const EntityRef& e : response.entities) {
    entities.push_back({{"id", e.id}, {"type", e.type}, {"name", e.name}});
  }
  doc["entities"] = std::move(entities);
  Json hits = Json::array();
  for (const Hit& hit : response.hits) hits.push_back(hit_json(hit));
  doc["hits"] = std::move(hits);
  return dump(doc);
}

std::string to_json(const TimelineResponse& response, const TimelineRequest& request) {
  Json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["query"] = response.query;
  doc["by"] = request.by == TimelineRequest::Period::kMonth ? "month" : "year";
  doc["total"] = response.total;
  doc["undated"] = response.undated;
  Json buckets = Json::array();
  for (const TimelineBucket& b : response.buckets) {
    buckets.push_back({{"period", b.period}, {"count", b.count}});
  }
  doc["buckets"] = std::move(buckets);
  return dump(doc);
}

std::string to_json(const StoredArticle& a) {
  Json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["id"] = a.id;
  doc["url"] = a.url;
  doc["source"] = a.source;
  doc["title"] = a.title;
  doc["published"] = or_null(a.published);
  doc["lang"] = a.lang;
  doc["body"] = a.body;
  return dump(doc);
}

std::string to_json(const IndexInfo& info, const std::string& db) {
  Json doc;
  doc["format_version"] = kJsonFormatVersion;
  doc["db"] = db;
  doc["documents"] = info.documents;
  doc["index_format_version"] = info.format_version;
  doc["analysis"] = {{"stemmer", info.analysis.stemmer},
                     {"stopwords", info.analysis.stopwords},
                     {"main_language", info.analysis.main_language},
                     {"entities", info.analysis.entities}};
  doc["created_by"] = info.created_by;
  doc["average_length"] = info.average_length;
  doc["quoted_names_by_term"] = info.quoted_names_by_term;
  return dump(doc);
}

}  // namespace dossier
