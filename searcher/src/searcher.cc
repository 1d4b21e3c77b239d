#include "dossier/searcher.h"

#include <mutex>
#include <nlohmann/json.hpp>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/schema.h"
#include "analysis/xapian_status.h"
#include "facets.h"
#include "query_parser.h"
#include "snippet.h"

namespace dossier {

using analysis::from_xapian;

namespace {

constexpr std::size_t kMaxLimit = 10000;

StoredArticle parse_data(const std::string& data) {
  StoredArticle a;
  const nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return a;
  auto get = [&j](const char* key, std::string* out) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_string()) *out = it->get<std::string>();
  };
  get("id", &a.id);
  get("url", &a.url);
  get("source", &a.source);
  get("title", &a.title);
  get("published", &a.published);
  get("lang", &a.lang);
  get("body", &a.body);
  return a;
}

// Checks the stored format version; returns the stored analysis.
Result<AnalyzerOptions> check_format(const Xapian::Database& db, const std::string& path,
                                     int* version_out) {
  const std::string version = db.get_metadata(std::string(schema::kFormatVersionKey));
  if (version.empty()) {
    return Status::version_mismatch(path + " is a Xapian database that was not written by dossier");
  }
  int v = 0;
  try {
    v = std::stoi(version);
  } catch (const std::exception&) {
    return Status::corrupt(path + " has an unreadable format version \"" + version + "\"");
  }
  if (v < schema::kOldestReadableFormatVersion || v > schema::kIndexFormatVersion) {
    return Status::version_mismatch(
        path + " has index format version " + version + "; this dossier reads versions " +
        std::to_string(schema::kOldestReadableFormatVersion) + " to " +
        std::to_string(schema::kIndexFormatVersion) +
        (v > schema::kIndexFormatVersion ? " (upgrade dossier)" : " (re-index the archive)"));
  }
  *version_out = v;
  return analysis::parse_options(db.get_metadata(std::string(schema::kAnalyzerKey)));
}

}  // namespace

struct Searcher::Impl {
  std::string path;
  std::mutex mutex;  // guards everything below: Xapian handles are single-threaded
  Xapian::Database db;
  int format_version = 0;
  std::unique_ptr<analysis::Analyzer> analyzer;
  std::shared_ptr<const analysis::EntityModel> entities;
  std::unique_ptr<analysis::EntityExtractor> extractor;

  Result<SearchResponse> run(const SearchRequest& request);
};

Result<std::unique_ptr<Searcher>> Searcher::open(const std::string& path,
                                                 const SearcherOptions& /*options*/) {
  if (path.empty()) return Status::invalid_argument("database path is empty");
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  AnalyzerOptions analysis;
  try {
    impl->db = Xapian::Database(path);
    Result<AnalyzerOptions> stored = check_format(impl->db, path, &impl->format_version);
    if (!stored.ok()) return stored.status();
    analysis = *stored;
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Status::not_found("no dossier index at " + path + " (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "opening " + path);
  }
  Result<std::unique_ptr<analysis::Analyzer>> analyzer = analysis::Analyzer::create(analysis);
  if (!analyzer.ok()) return analyzer.status();
  impl->analyzer = std::move(analyzer.value());
  impl->entities = analysis::EntityModel::builtin();
  impl->extractor = std::make_unique<analysis::EntityExtractor>(impl->entities);
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

Result<SearchResponse> Searcher::Impl::run(const SearchRequest& request) {
  Result<search::QueryNode> tree = search::parse_query(request.query);
  if (!tree.ok()) return tree.status();
  search::QueryTerms terms;
  search::CompileContext context;
  context.entities = entities.get();
  context.db = &db;
  Result<Xapian::Query> query = search::compile_query(*tree, *analyzer, &terms, context);
  if (!query.ok()) {
    return Status::bad_query(query.status().message() + " in \"" + request.query + "\"");
  }

  Xapian::Enquire enquire(db);
  enquire.set_query(*query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  search::EntityFacetSpy spy(request.facets);
  if (!request.facets.empty()) enquire.add_matchspy(&spy);
  // Counting every match makes `total` exact (and later, facet counts).
  const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                             static_cast<Xapian::doccount>(request.limit),
                                             db.get_doccount());
  SearchResponse response;
  response.query = request.query;
  response.total = mset.get_matches_estimated();
  std::size_t rank = request.offset;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    const StoredArticle stored = parse_data(it.get_document().get_data());
    Hit hit;
    hit.rank = ++rank;
    hit.id = stored.id;
    hit.title = stored.title;
    hit.published = stored.published;
    hit.source = stored.source;
    hit.url = stored.url;
    hit.lang = stored.lang;
    hit.score = it.get_weight();
    hit.snippet = search::make_snippet(stored.title, stored.body, terms, *analyzer,
                                       request.snippet_words, extractor.get());
    const std::string value = it.get_document().get_value(schema::kEntitiesValue);
    for (const search::StoredEntity& e : search::parse_entities_value(value)) {
      EntityRef ref;
      ref.id = std::string(e.id);
      ref.type = std::string(search::entity_id_type(e.id));
      if (const analysis::Entity* known = entities->gazetteer->find(e.id)) {
        ref.name = known->name;
      } else {
        ref.name = e.name.empty() ? ref.id : std::string(e.name);
      }
      hit.entities.push_back(std::move(ref));
    }
    response.hits.push_back(std::move(hit));
  }
  for (const std::string& facet : request.facets) {
    response.facets[facet] = spy.top(facet, request.facet_limit, *entities->gazetteer);
  }
  return response;
}

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  for (const std::string& facet : request.facets) {
    if (search::facet_index(facet) < 0) {
      return Status::invalid_argument("unknown facet \"" + facet +
                                      "\" (known: person, country, place, org)");
    }
  }
  if (request.limit > kMaxLimit) {
    return Status::invalid_argument("limit " + std::to_string(request.limit) +
                                    " is above the maximum of " + std::to_string(kMaxLimit));
  }
  std::lock_guard<std::mutex> lock(impl_->mutex);
  // Two tries: a writer may commit twice while we read (DatabaseModifiedError);
  // reopening gives us its latest revision.
  for (int attempt = 0;; ++attempt) {
    try {
      impl_->db.reopen();
      return impl_->run(request);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= 1) return from_xapian(e, "searching " + impl_->path);
    } catch (const Xapian::Error& e) {
      return from_xapian(e, "searching " + impl_->path);
    } catch (const std::bad_alloc&) {
      return Status::internal("out of memory searching " + impl_->path);
    }
  }
}

Result<StoredArticle> Searcher::get_article(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    impl_->db.reopen();
    Xapian::PostingIterator p = impl_->db.postlist_begin(schema::id_term(id));
    if (p == impl_->db.postlist_end(schema::id_term(id))) {
      return Status::not_found("no article with id \"" + id + "\" in " + impl_->path);
    }
    return parse_data(impl_->db.get_document(*p).get_data());
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "reading article " + id + " from " + impl_->path);
  }
}

Result<IndexInfo> Searcher::info() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    impl_->db.reopen();
    IndexInfo info;
    info.documents = impl_->db.get_doccount();
    info.format_version = impl_->format_version;
    info.analysis = impl_->analyzer->options();
    info.created_by = impl_->db.get_metadata(std::string(schema::kCreatedByKey));
    info.average_length = impl_->db.get_avlength();
    return info;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "reading " + impl_->path);
  }
}

}  // namespace dossier
