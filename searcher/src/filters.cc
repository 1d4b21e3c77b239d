#include "filters.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "analysis/fold.h"
#include "analysis/gazetteer.h"
#include "analysis/schema.h"
#include "sample.h"

namespace dossier::search {

namespace {

constexpr const char* kKnownFacets = "person, country, place, org, year, mentioned_year, lang";
// Candidates an ambiguity error lists.
constexpr std::size_t kShownCandidates = 6;

std::string quoted(const FacetFilter& f) { return "filter \"" + f.facet + ":" + f.value + "\""; }

// A resolved value: its facet key, term query, id and display name.
struct Value {
  std::uint64_t key = 0;
  Xapian::Query query;
  std::string id;
  std::string name;
};

Xapian::doccount termfreq(const FilterContext& ctx, const std::string& term) {
  return ctx.db != nullptr ? ctx.db->get_termfreq(term) : 0;
}

Value entity_value(const std::string& type, const std::string& id, const std::string& name) {
  unsigned t = 0;
  analysis::EntityType parsed;
  if (analysis::parse_entity_type(type, &parsed)) t = static_cast<unsigned>(parsed);
  return Value{schema::facet_key(t, id), Xapian::Query(schema::entity_term(id)), id, name};
}

// An entity of facet `type` ("country") named or identified by f.value.
Result<Value> resolve_entity(const FacetFilter& f, const FilterContext& ctx) {
  const std::string& type = f.facet;
  const std::string& text = f.value;
  const analysis::Gazetteer* g = ctx.entities != nullptr ? ctx.entities->gazetteer.get() : nullptr;
  // By id: "country:RU", "RU", "ru".
  if (g != nullptr) {
    std::string upper = text;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& id : {text, type + ":" + text, type + ":" + upper}) {
      const analysis::Entity* e = g->find(id);
      if (e != nullptr && analysis::entity_type_name(e->type) == type) {
        return entity_value(type, e->id, e->name);
      }
    }
  }
  // A person outside the gazetteer, by id ("person:x-jo-tae-yong") as the
  // archive stores them.
  if (type == "person") {
    for (const std::string& id : {text, type + ":" + text}) {
      if (id.rfind("person:x-", 0) == 0 && termfreq(ctx, schema::entity_term(id)) > 0) {
        Value v = entity_value(type, id, id);
        if (ctx.namer) {
          FacetName named = ctx.namer(v.key);
          if (!named.name.empty()) v.name = named.name;
        }
        return v;
      }
    }
  }
  // By any name: the query language's alias lookup, restricted to the type;
  // full names beat demonyms and metonyms ("Moscow" is the city).
  std::vector<const analysis::Entity*> found;
  if (g != nullptr && ctx.entities->matcher != nullptr && ctx.analyzer != nullptr) {
    std::vector<analysis::Token> tokens;
    ctx.analyzer->tokenize(text, &tokens);
    std::vector<std::string> key;
    for (const analysis::Token& t : tokens) key.push_back(t.term);
    const std::vector<analysis::AliasCandidate>* candidates =
        key.empty() ? nullptr : ctx.entities->matcher->lookup(key);
    if (candidates != nullptr) {
      bool any_name = false;
      for (const analysis::AliasCandidate& c : *candidates) {
        const analysis::Entity& e = g->entities()[c.entity];
        if (analysis::entity_type_name(e.type) == type && c.kind == analysis::AliasKind::kName) {
          any_name = true;
        }
      }
      for (const analysis::AliasCandidate& c : *candidates) {
        const analysis::Entity& e = g->entities()[c.entity];
        if (analysis::entity_type_name(e.type) != type) continue;
        if (any_name && c.kind != analysis::AliasKind::kName) continue;
        if (std::find(found.begin(), found.end(), &e) == found.end()) found.push_back(&e);
      }
    }
  }
  if (found.size() > 1) {
    // A filter selects one value; of several candidates keep those the
    // archive mentions, and if that leaves several, ask which.
    std::vector<const analysis::Entity*> present;
    for (const analysis::Entity* e : found) {
      if (termfreq(ctx, schema::entity_term(e->id)) > 0) present.push_back(e);
    }
    if (present.size() == 1) return entity_value(type, present[0]->id, present[0]->name);
    const std::vector<const analysis::Entity*>& shown = present.empty() ? found : present;
    std::string list;
    for (std::size_t i = 0; i < shown.size() && i < kShownCandidates; ++i) {
      list += (i ? ", " : "") + shown[i]->id + " (" + shown[i]->name + ")";
    }
    if (shown.size() > kShownCandidates) list += ", ...";
    return Status::invalid_argument(quoted(f) + ": \"" + text + "\" may mean " +
                                    std::to_string(shown.size()) + " " + type +
                                    " entities: " + list + "; give an id");
  }
  if (found.size() == 1) return entity_value(type, found[0]->id, found[0]->name);
  // A person outside the gazetteer, by name ("Jo Tae-yong").
  if (type == "person") {
    const std::string id = analysis::detected_person_id(text);
    if (termfreq(ctx, schema::entity_term(id)) > 0) {
      Value v = entity_value(type, id, text);
      if (ctx.namer) {
        FacetName named = ctx.namer(v.key);
        if (!named.name.empty()) v.name = named.name;
      }
      return v;
    }
  }
  return Status::invalid_argument(quoted(f) + ": no " + type + " named \"" + text +
                                  "\" in the gazetteer or the archive");
}

Result<Value> resolve_year(const FacetFilter& f, bool mentioned) {
  const std::string& text = f.value;
  const bool digits = !text.empty() && text.size() <= 4 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return Status::invalid_argument(quoted(f) + ": \"" + text + "\" is not a year (YYYY)");
  }
  const int year = std::stoi(text);
  const std::string y = std::to_string(year);
  if (!mentioned) {
    // Publication years are written as four digits (schema: Y<yyyy>).
    char padded[8];
    std::snprintf(padded, sizeof padded, "%04d", year);
    return Value{schema::year_facet_key(schema::kPublishedYearFacet, year),
                 Xapian::Query(std::string(schema::kYearPrefix) + padded), y, y};
  }
  if (year < schema::kMinMentionedYear || year > schema::kMaxMentionedYear) {
    return Status::invalid_argument(quoted(f) + ": mentioned years are indexed from " +
                                    std::to_string(schema::kMinMentionedYear) + " to " +
                                    std::to_string(schema::kMaxMentionedYear));
  }
  // The mentioned_year facet key stands for the years of both the mentions
  // and the paragraphs' narrative times (document_builder.cc).
  const Xapian::Query q(Xapian::Query::OP_OR,
                        Xapian::Query(std::string(schema::kMentionedYearPrefix) + y),
                        Xapian::Query(std::string(schema::kNarrativeYearPrefix) + y));
  return Value{schema::year_facet_key(schema::kMentionedYearFacet, year), q, y, y};
}

Result<Value> resolve_language(const FacetFilter& f) {
  const std::string code = analysis::fold(f.value);
  // A language facet key holds at most 7 bytes of the code.
  const bool ok = !code.empty() && code.size() <= 7 &&
                  std::all_of(code.begin(), code.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                  });
  if (!ok) {
    return Status::invalid_argument(quoted(f) + ": \"" + f.value +
                                    "\" is not a language code (en, ko, ru, ...)");
  }
  return Value{schema::language_facet_key(code),
               Xapian::Query(schema::prefixed(schema::kLangPrefix, code)), code, code};
}

Xapian::Query and_of(std::vector<Xapian::Query> queries) {
  if (queries.empty()) return Xapian::Query::MatchAll;
  if (queries.size() == 1) return queries.front();
  return Xapian::Query(Xapian::Query::OP_AND, queries.begin(), queries.end());
}

bool counted(const std::vector<std::string>& facets, const std::string& facet) {
  return std::find(facets.begin(), facets.end(), facet) != facets.end();
}

}  // namespace

Result<FilterSet> FilterSet::resolve(const std::vector<FacetFilter>& filters,
                                     const FilterContext& context) {
  FilterSet set;
  for (const FacetFilter& f : filters) {
    const int type = facet_index(f.facet);
    if (type < 0) {
      return Status::invalid_argument(quoted(f) + ": unknown facet \"" + f.facet +
                                      "\" (known: " + std::string(kKnownFacets) + ")");
    }
    if (f.value.empty()) return Status::invalid_argument(quoted(f) + ": the value is empty");
    Result<Value> value = Status::internal("unreachable");
    if (type <= 3) {
      value = resolve_entity(f, context);
    } else if (f.facet == "lang") {
      value = resolve_language(f);
    } else {
      value = resolve_year(f, f.facet == "mentioned_year");
    }
    if (!value.ok()) return value.status();
    auto group = std::find_if(set.groups_.begin(), set.groups_.end(),
                              [&](const FilterGroup& g) { return g.facet == f.facet; });
    if (group == set.groups_.end()) {
      if (set.groups_.size() == kMaxGroups) {
        return Status::invalid_argument("at most " + std::to_string(kMaxGroups) +
                                        " facets can be filtered at once");
      }
      set.groups_.push_back(FilterGroup{f.facet, static_cast<unsigned>(type), {}, {}, {}});
      group = set.groups_.end() - 1;
    }
    // "Russia" and "country:RU" select the same value once.
    if (std::find(group->keys.begin(), group->keys.end(), value->key) != group->keys.end()) {
      continue;
    }
    group->keys.push_back(value->key);
    group->applied.push_back(set.applied_.size());
    group->query = group->query.empty()
                       ? value->query
                       : Xapian::Query(Xapian::Query::OP_OR, group->query, value->query);
    set.applied_.push_back(AppliedFilter{f.facet, f.value, value->id, value->name});
  }
  return set;
}

Xapian::Query FilterSet::restrict(const Xapian::Query& query) const {
  if (groups_.empty()) return query;
  std::vector<Xapian::Query> all;
  for (const FilterGroup& g : groups_) all.push_back(g.query);
  return Xapian::Query(Xapian::Query::OP_FILTER, query, and_of(std::move(all)));
}

bool FilterSet::needs_relaxed_count(const std::vector<std::string>& facets) const {
  return std::any_of(groups_.begin(), groups_.end(),
                     [&](const FilterGroup& g) { return counted(facets, g.facet); });
}

Xapian::Query FilterSet::relax(const Xapian::Query& query,
                               const std::vector<std::string>& facets) const {
  std::vector<Xapian::Query> required;
  std::vector<const FilterGroup*> soft;
  for (const FilterGroup& g : groups_) {
    if (counted(facets, g.facet)) {
      soft.push_back(&g);
    } else {
      required.push_back(g.query);
    }
  }
  // All soft groups but at most one: OR over i of AND over j != i. With one
  // soft group that is no condition at all.
  if (soft.size() >= 2) {
    std::vector<Xapian::Query> alternatives;
    for (std::size_t i = 0; i < soft.size(); ++i) {
      std::vector<Xapian::Query> others;
      for (std::size_t j = 0; j < soft.size(); ++j) {
        if (j != i) others.push_back(soft[j]->query);
      }
      alternatives.push_back(and_of(std::move(others)));
    }
    required.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }
  if (required.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query, and_of(std::move(required)));
}

std::uint32_t FilterSet::failed(const std::uint64_t* keys, std::size_t n) const {
  std::uint32_t mask = 0;
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    const std::vector<std::uint64_t>& wanted = groups_[i].keys;
    bool pass = false;
    for (std::size_t k = 0; k < n && !pass; ++k) {
      pass = std::find(wanted.begin(), wanted.end(), keys[k]) != wanted.end();
    }
    if (!pass) mask |= 1u << i;
  }
  return mask;
}

bool FilterSet::selected(std::uint64_t key) const {
  for (const FilterGroup& g : groups_) {
    if (std::find(g.keys.begin(), g.keys.end(), key) != g.keys.end()) return true;
  }
  return false;
}

Xapian::doccount count_matches(const Shards& shards, const Xapian::Query& query, FacetSpy* spy,
                               Xapian::docid stride) {
  Xapian::Enquire enquire(shards.db);
  enquire.set_query(in_sample(query, stride));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  RemoteSafeSpy keys(shards, spy, schema::kFacetKeysValue,
                     [spy](const std::string& value, std::uint64_t n) {
                       spy->add_keys(value, static_cast<std::uint32_t>(n));
                     });
  if (spy != nullptr) keys.attach(enquire);
  // With check_at_least every document, the estimate is the exact count.
  const Xapian::MSet mset = enquire.get_mset(0, 0, shards.db.get_doccount());
  if (spy != nullptr) keys.finish();
  return mset.get_matches_estimated();
}

void mark_selected(const FilterSet& filters, const std::string& facet, const FacetSpy& spy,
                   std::vector<FacetValue>* values) {
  for (const FilterGroup& g : filters.groups()) {
    if (g.facet != facet) continue;
    for (std::size_t i = 0; i < g.keys.size(); ++i) {
      const AppliedFilter& a = filters.applied()[g.applied[i]];
      auto it = std::find_if(values->begin(), values->end(),
                             [&](const FacetValue& v) { return v.id == a.id; });
      if (it == values->end()) {
        values->push_back(FacetValue{a.id, a.name, spy.count(g.keys[i])});
        it = values->end() - 1;
      }
      it->selected = true;
    }
  }
}

}  // namespace dossier::search

namespace dossier {

Result<FacetFilter> parse_facet_filter(const std::string& text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return Status::invalid_argument("filter \"" + text +
                                    "\" is not FACET:VALUE (country:Russia, year:2012, lang:en)");
  }
  return FacetFilter{text.substr(0, colon), text.substr(colon + 1)};
}

}  // namespace dossier
