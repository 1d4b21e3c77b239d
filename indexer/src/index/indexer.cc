#include "dossier/indexer.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <unordered_set>
#include <system_error>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/schema.h"
#include "analysis/simhash.h"
#include "analysis/xapian_status.h"
#include "index/document_builder.h"
#include "index/pipeline.h"

#ifndef DOSSIER_VERSION_STRING
#define DOSSIER_VERSION_STRING "unknown"
#endif

namespace dossier {

namespace fs = std::filesystem;
using analysis::from_xapian;

// Candidate copies checked per article (those sharing a SimHash band).
constexpr Xapian::doccount kMaxCopyCandidates = 20;

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
  std::string gazetteer_fingerprint;
  std::string hash;  // content hash of the article being added

  // Gives `doc` its SimHash band terms and its group of copies: the group of
  // an indexed article at most kNearDuplicateBits away (candidates share a
  // band), else a group of its own. Returns true if it joined another's.
  bool assign_cluster(const std::string& id, std::uint64_t fingerprint, Xapian::Document* doc) {
    const std::string cluster = find_cluster(id, fingerprint, doc);
    doc->add_value(schema::kClusterValue, cluster);
    // The group also goes among the facet keys, where search counts stories.
    std::string keys = doc->get_value(schema::kFacetKeysValue);
    const std::uint64_t key = schema::facet_key(schema::kClusterFacet, cluster);
    for (int b = 0; b < 8; ++b) keys += static_cast<char>((key >> (8 * b)) & 0xFF);
    doc->add_value(schema::kFacetKeysValue, keys);
    return cluster != id;
  }

  // The group of an indexed copy of this text, else the article's own id.
  // Candidates share one of the four 16-bit bands of the SimHash. Committed
  // articles are looked up in a read-only snapshot (querying the writer with
  // uncommitted changes would make it merge them on every article); articles
  // of the batch not yet committed are in `pending_bands`.
  std::string find_cluster(const std::string& id, std::uint64_t fingerprint, Xapian::Document* doc) {
    if (fingerprint == 0) return id;
    char hex[24];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
    doc->add_value(schema::kSimhashValue, hex);
    std::string found;
    std::uint32_t best_did = 0;
    for (int b = 0; b < 4; ++b) {
      const unsigned band = static_cast<unsigned>((fingerprint >> (16 * b)) & 0xFFFF);
      char term[32];
      std::snprintf(term, sizeof term, "%s%d%04x", std::string(schema::kSimhashBandPrefix).c_str(), b, band);
      doc->add_boolean_term(term);
      // Committed articles, the oldest first.
      Xapian::doccount checked = 0;
      for (Xapian::PostingIterator p = reader.postlist_begin(term);
           p != reader.postlist_end(term) && checked < kMaxCopyCandidates; ++p, ++checked) {
        if (!found.empty() && *p >= best_did) break;
        const Xapian::Document other = reader.get_document(*p);
        const std::string theirs = other.get_value(schema::kSimhashValue);
        if (theirs.size() != 16) continue;
        if (analysis::hamming(fingerprint, std::strtoull(theirs.c_str(), nullptr, 16)) >
            analysis::kNearDuplicateBits) {
          continue;
        }
        const std::string cluster = other.get_value(schema::kClusterValue);
        if (cluster.empty() || cluster == id) continue;  // itself, being replaced
        found = cluster;
        best_did = *p;
      }
      if (found.empty()) {
        const auto it = pending_bands.find((static_cast<std::uint32_t>(b) << 16) | band);
        if (it != pending_bands.end()) {
          for (const auto& [theirs, cluster] : it->second) {
            if (cluster != id && analysis::hamming(fingerprint, theirs) <= analysis::kNearDuplicateBits) {
              found = cluster;
              break;
            }
          }
        }
      }
    }
    const std::string cluster = found.empty() ? id : found;
    for (int b = 0; b < 4; ++b) {
      const unsigned band = static_cast<unsigned>((fingerprint >> (16 * b)) & 0xFFFF);
      pending_bands[(static_cast<std::uint32_t>(b) << 16) | band].emplace_back(fingerprint, cluster);
    }
    return cluster;
  }

  // After a commit the snapshot sees the batch, which no longer needs its own map.
  void committed() {
    reader.reopen();
    pending_bands.clear();
  }

  Xapian::Database reader;
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint64_t, std::string>>> pending_bands;

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

// What an article was indexed from: every field as read, and the gazetteer
// (a new gazetteer means new entities, so the article must be analysed again).
std::string content_hash(const Article& a, const std::string& gazetteer) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL;  // field separator
  };
  for (std::string_view f : {std::string_view(a.url), std::string_view(a.source),
                             std::string_view(a.title), std::string_view(a.published),
                             std::string_view(a.lang), std::string_view(a.body),
                             std::string_view(gazetteer)}) {
    mix(f);
  }
  mix(a.title_from_text ? "t" : "m");
  char hex[24];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

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
    impl->reader = Xapian::Database(path);
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
  impl->gazetteer_fingerprint = model->gazetteer->fingerprint();
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

  try {
    // Unchanged since it was indexed (with this gazetteer)? Then nothing to do.
    const std::string id_term = schema::id_term(article.id);
    const std::string hash = content_hash(article, d.gazetteer_fingerprint);
    Xapian::PostingIterator p = d.db.postlist_begin(id_term);
    if (p != d.db.postlist_end(id_term) &&
        d.db.get_document(*p).get_value(schema::kContentHashValue) == hash) {
      ++d.stats.unchanged;
      AddResult same;
      same.outcome = AddOutcome::kUnchanged;
      return same;
    }
    d.hash = hash;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "reading article " + article.id + " from " + d.path);
  }
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
    doc.add_value(schema::kContentHashValue, d.hash);
    const std::uint64_t fingerprint =
        d.options.group_copies ? analysis::simhash(analyzed.body_tokens) : 0;
    if (d.assign_cluster(clean.id, fingerprint, &doc)) ++d.stats.copies;
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
      d.committed();
      d.pending = 0;
    }
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "indexing article " + clean.id + " into " + d.path);
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory indexing article " + clean.id);
  }
  return result;
}

Result<bool> Indexer::remove(const std::string& id) {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  try {
    const std::string term = schema::id_term(id);
    if (!d.db.term_exists(term)) return false;
    d.db.delete_document(term);
    ++d.stats.removed;
    if (++d.pending >= d.options.batch_size) {
      d.save_languages();
      d.db.commit();
      d.committed();
      d.pending = 0;
    }
    return true;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, "deleting article " + id + " from " + d.path);
  }
}

Status Indexer::commit() {
  Impl& d = *impl_;
  if (d.closed) return Status::invalid_argument("the indexer for " + d.path + " is closed");
  try {
    d.save_languages();
    d.db.commit();
    d.committed();
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
