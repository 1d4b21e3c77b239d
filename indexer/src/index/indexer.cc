#include "dossier/indexer.h"

#include <filesystem>
#include <set>
#include <sstream>
#include <unordered_set>
#include <system_error>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/schema.h"
#include "analysis/xapian_status.h"
#include "index/document_builder.h"
#include "index/pipeline.h"

#ifndef DOSSIER_VERSION_STRING
#define DOSSIER_VERSION_STRING "unknown"
#endif

namespace dossier {

namespace fs = std::filesystem;
using analysis::from_xapian;

struct Indexer::Impl {
  std::string path;
  IndexerOptions options;
  AnalyzerOptions analysis;
  Xapian::WritableDatabase db;
  std::unique_ptr<analysis::Analyzer> analyzer;
  std::unique_ptr<index::Pipeline> pipeline;
  std::unique_ptr<index::DocumentBuilder> builder;
  index::AnalyzedArticle scratch;
  IndexStats stats;
  std::size_t pending = 0;
  bool closed = false;
  // Facet keys already named in the metadata by this writer.
  std::unordered_set<std::uint64_t> named_keys;
  // Languages of the archive (metadata kLanguagesKey), and whether a new one
  // must be written.
  std::set<std::string> languages;
  bool languages_changed = false;

  // Writes the language list if it grew; called before each commit.
  void save_languages() {
    if (!languages_changed) return;
    std::string value;
    for (const std::string& l : languages) value += (value.empty() ? "" : " ") + l;
    db.set_metadata(std::string(schema::kLanguagesKey), value);
    languages_changed = false;
  }
};

namespace {

// Refuses to scatter Xapian files into a directory that holds something else
// (a mistyped --db pointing at the corpus, say).
Status check_target_directory(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status();
  if (!fs::is_directory(path, ec)) {
    return Status::invalid_argument(path + " exists and is not a directory");
  }
  bool empty = true;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    empty = false;
    const std::string leaf = it->path().filename().string();
    if (leaf == "iamglass" || leaf == "iamchert" || leaf == "iamhoney") return Status();
  }
  if (!empty) {
    return Status::invalid_argument(path + " is a non-empty directory that is not a Dossier index");
  }
  return Status();
}

// Reads and checks the stored format version and analysis; stamps a new index.
Result<AnalyzerOptions> check_or_stamp(Xapian::WritableDatabase& db, const std::string& path,
                                       const AnalyzerOptions& wanted) {
  const std::string version = db.get_metadata(std::string(schema::kFormatVersionKey));
  if (version.empty()) {
    if (db.get_doccount() != 0) {
      return Status::version_mismatch(path + " holds a Xapian database that was not written by "
                                             "dossier (no format version)");
    }
    db.set_metadata(std::string(schema::kFormatVersionKey),
                    std::to_string(schema::kIndexFormatVersion));
    db.set_metadata(std::string(schema::kAnalyzerKey), analysis::serialize_options(wanted));
    db.set_metadata(std::string(schema::kCreatedByKey),
                    std::string("dossier ") + DOSSIER_VERSION_STRING);
    db.commit();
    return wanted;
  }
  if (version != std::to_string(schema::kIndexFormatVersion)) {
    return Status::version_mismatch(
        path + " has index format version " + version + "; this dossier writes version " +
        std::to_string(schema::kIndexFormatVersion) + " (re-index the archive into a new database)");
  }
  return analysis::parse_options(db.get_metadata(std::string(schema::kAnalyzerKey)));
}

}  // namespace

Result<std::unique_ptr<Indexer>> Indexer::open(const std::string& path,
                                               const IndexerOptions& options) {
  if (path.empty()) return Status::invalid_argument("database path is empty");
  if (options.batch_size == 0) return Status::invalid_argument("batch_size must be at least 1");
  if (options.create_if_missing) {
    if (Status s = check_target_directory(path); !s.ok()) return s;
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  try {
    impl->db = Xapian::WritableDatabase(
        path, options.create_if_missing ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
    Result<AnalyzerOptions> analysis = check_or_stamp(impl->db, path, options.analysis);
    if (!analysis.ok()) return analysis.status();
    impl->analysis = *analysis;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "opening " + path + " for writing");
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory opening " + path);
  }
  Result<std::unique_ptr<analysis::Analyzer>> analyzer = analysis::Analyzer::create(impl->analysis);
  if (!analyzer.ok()) return analyzer.status();
  impl->analyzer = std::move(analyzer.value());
  auto model = analysis::EntityModel::builtin();
  impl->pipeline = std::make_unique<index::Pipeline>(impl->analyzer.get(), model);
  impl->builder = std::make_unique<index::DocumentBuilder>(impl->analyzer.get());
  try {
    impl->db.set_metadata(std::string(schema::kGazetteerKey), model->gazetteer->fingerprint());
    std::istringstream langs(impl->db.get_metadata(std::string(schema::kLanguagesKey)));
    for (std::string l; langs >> l;) impl->languages.insert(l);
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "writing metadata to " + path);
  }
  return std::unique_ptr<Indexer>(new Indexer(std::move(impl)));
}

Indexer::Indexer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Indexer::~Indexer() {
  if (impl_ && !impl_->closed) {
    (void)close();
  }
}

Result<AddResult> Indexer::add(const Article& article) {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  if (article.id.empty()) return Status::invalid_argument("article has an empty id");

  index::AnalyzedArticle& analyzed = d.scratch;
  d.pipeline->run(article, &analyzed);
  const Article& clean = analyzed.article;
  AddResult result;
  if (analyzed.empty()) {
    ++d.stats.skipped;
    result.outcome = AddOutcome::kSkipped;
    result.note = "empty article (no title and no text), skipped";
    return result;
  }
  result.note = analyzed.note;

  try {
    const std::string id_term = schema::id_term(clean.id);
    const bool exists = d.db.term_exists(id_term);
    Xapian::Document doc = d.builder->build(analyzed);
    d.db.replace_document(id_term, doc);
    if (!analyzed.language.empty() && d.languages.insert(analyzed.language).second) {
      d.languages_changed = true;
    }
    for (const auto& [key, name] : d.builder->new_names()) {
      if (d.named_keys.insert(key).second) d.db.set_metadata(schema::facet_name_key(key), name);
    }
    d.stats.bytes += clean.title.size() + clean.body.size();
    if (exists) {
      ++d.stats.replaced;
      result.outcome = AddOutcome::kReplaced;
    } else {
      ++d.stats.added;
      result.outcome = AddOutcome::kAdded;
    }
    if (++d.pending >= d.options.batch_size) {
      d.save_languages();
      d.db.commit();
      d.pending = 0;
    }
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "indexing article " + clean.id + " into " + d.path);
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory indexing article " + clean.id);
  }
  return result;
}

Status Indexer::commit() {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  try {
    d.save_languages();
    d.db.commit();
    d.pending = 0;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "committing to " + d.path);
  }
  return Status();
}

Status Indexer::close() {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  Status status = commit();
  try {
    d.db.close();
  } catch (const Xapian::Error& e) {
    if (status.ok()) status = from_xapian(e, "closing " + d.path);
  }
  d.closed = true;
  return status;
}

std::uint64_t Indexer::document_count() const {
  if (impl_->closed) return 0;
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

const IndexStats& Indexer::stats() const { return impl_->stats; }

const AnalyzerOptions& Indexer::analysis() const { return impl_->analysis; }

}  // namespace dossier
