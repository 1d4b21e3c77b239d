// Searcher::similar: "more like this" by relevance feedback.
//
// The article is the relevance set (Xapian::RSet) of one; Xapian's expansion
// (Enquire::get_eset, its probabilistic term weighting) ranks the article's
// terms by how much they tell it apart from the archive: a word or an
// entity frequent in the article and rare elsewhere first. The best
// kExpandWords stems and kExpandEntities entities (ranked apart, so that the
// many words of a long story leave room for who and where it is about),
// OR-ed, are searched with BM25, as Omega's and Lucene's MoreLikeThis do. Stems rather than the
// words as written, so "visited" finds "visits"; entity terms so that "DPRK" finds "North Korea".
// Dates, ids, sources and the other boolean terms say nothing about the
// subject and are left out.
//
// The article and its copies (one group: value slot kClusterValue) are
// excluded, and other stories' copies fold into one hit, as in search().
#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "analysis/language.h"
#include "analysis/schema.h"
#include "assist.h"
#include "facets.h"
#include "snippet.h"
#include "stored.h"

namespace dossier::search {
namespace {

constexpr std::size_t kMaxLimit = 10000;
// Terms of the article that the search uses: enough to describe a news story
// (its names, places and key words), few enough to keep the OR fast.
constexpr Xapian::termcount kExpandWords = 25;
constexpr Xapian::termcount kExpandEntities = 8;
constexpr std::size_t kSnippetWords = 30;
// Terms in more than this share of the archive are not searched for (at
// least in kMinCommon articles: a small archive has few of anything).
constexpr Xapian::doccount kMaxCommonPercent = 10;
constexpr Xapian::doccount kMinCommon = 20;

// Stems of words (Z, not the title's ZS), or entities (XE). From format 7 an
// article has no Z term for a word that is its own stem in its language and
// in the main one (schema.h): `own_stems_lang` then names the article's
// language, and such a word counts as its stem.
class SubjectTerms : public Xapian::ExpandDecider {
 public:
  SubjectTerms(bool entities, analysis::Analyzer& analyzer, const Xapian::Database& db,
               const std::unordered_set<std::string>* hangul_stems = nullptr,
               const std::string* own_stems_lang = nullptr)
      : entities_(entities),
        analyzer_(analyzer),
        db_(db),
        hangul_stems_(hangul_stems),
        own_stems_lang_(own_stems_lang),
        most_(std::max<Xapian::doccount>(kMinCommon, db.get_doccount() * kMaxCommonPercent / 100)) {
  }
  bool operator()(const std::string& term) const override {
    if (!subject(term))
      return false;
    // A term in a large share of the archive ("two", North Korea in KCNA)
    // says little about one story (Lucene MoreLikeThis' maxDocFreq); one in
    // this article alone, however distinctive, finds nothing else.
    const Xapian::doccount df = db_.get_termfreq(term);
    return df >= 2 && df <= most_;
  }

 private:
  bool subject(const std::string& term) const {
    if (term.rfind(schema::kEntityPrefix, 0) == 0) {
      return entities_ && term.size() > schema::kEntityPrefix.size();
    }
    if (entities_ || term.size() < 3) return false;
    const auto first = static_cast<unsigned char>(term[0]);
    if (own_stems_lang_ != nullptr && (first >= 0x80 || std::islower(first))) {
      return !analyzer_.is_stopword(term) && analyzer_.stem(term, *own_stems_lang_) == term &&
             analyzer_.stem_is_own_word(term);
    }
    if (term.size() < 4 || term[0] != schema::kStemPrefix[0])
      return false;
    const auto second = static_cast<unsigned char>(term[1]);
    if (second < 0x80 && !std::islower(second))
      return false;  // ZS..., numbers
    // Korean syllable bigrams (analysis::hangul_bigrams) are Z terms too, but
    // only a word's own stem says what the article is about.
    if (hangul_stems_ != nullptr && analysis::is_hangul_word(std::string_view(term).substr(1)) &&
        !hangul_stems_->count(term.substr(1)))
      return false;
    return !analyzer_.is_stopword(term.substr(1));
  }

  const bool entities_;
  analysis::Analyzer& analyzer_;
  const Xapian::Database& db_;
  const std::unordered_set<std::string>* hangul_stems_;
  const std::string* own_stems_lang_;
  const Xapian::doccount most_;
};


}  // namespace

Result<SimilarResponse> similar(const AssistContext& ctx, const std::string& id,
                                std::size_t limit) {
  if (limit == 0 || limit > kMaxLimit) {
    return Status::invalid_argument("limit " + std::to_string(limit) + " is out of range (1-" +
                                    std::to_string(kMaxLimit) + ")");
  }
  const Xapian::Database& db = *ctx.db;
  const std::string id_term = schema::id_term(id);
  Xapian::PostingIterator p = db.postlist_begin(id_term);
  if (p == db.postlist_end(id_term)) {
    return Status::not_found("no article with id \"" + id + "\" in " + ctx.path);
  }
  const Xapian::docid did = *p;
  const Xapian::Document doc = db.get_document(did);
  SimilarResponse response;
  response.id = id;
  const StoredRecord source = ctx.articles->full_record(did, doc);
  response.title = source.article.title;

  // The language the article was analysed in: its L term (detected when
  // the input gave none; it sorts before every word, so the walk below has
  // it before the first Korean word), else the one it gave.
  std::string lang = analysis::primary_language(source.article.lang);
  std::unordered_set<std::string> hangul_stems;  // of the article's Korean words
  for (Xapian::TermIterator t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
    const std::string word = *t;
    if (word.size() > 1 && word[0] == schema::kLangPrefix[0] &&
        std::islower(static_cast<unsigned char>(word[1]))) {
      lang = word.substr(1);
    }
    if (analysis::is_hangul_word(word)) hangul_stems.insert(ctx.analyzer->stem(word, lang));
  }

  Xapian::RSet rset;
  rset.add_document(did);
  Xapian::Enquire enquire(db);
  const SubjectTerms entity_terms(true, *ctx.analyzer, db);
  const SubjectTerms word_terms(false, *ctx.analyzer, db, &hangul_stems,
                                ctx.compile.stems_as_words ? &lang : nullptr);
  std::vector<std::string> expansion;
  for (const Xapian::ESet& eset : {enquire.get_eset(kExpandEntities, rset, &entity_terms),
                                   enquire.get_eset(kExpandWords, rset, &word_terms)}) {
    for (Xapian::ESetIterator t = eset.begin(); t != eset.end(); ++t)
      expansion.push_back(*t);
  }
  QueryTerms terms;  // for snippets: the stems and entities searched for
  std::vector<Xapian::Query> subs;
  std::vector<std::string> stems;
  int group = 0;
  const analysis::Gazetteer& gazetteer = *ctx.entities->gazetteer;
  const std::vector<StoredEntity> mentioned = parse_entities_value(source.entities);
  for (const std::string& term : expansion) {
    if (term.rfind(schema::kEntityPrefix, 0) != 0) {
      // A stem: its Z term, or (format 7) a word that is its own stem.
      const std::string stem = term[0] == schema::kStemPrefix[0] ? term.substr(1) : term;
      if (!terms.stems.insert(stem).second) continue;
      stems.push_back(stem);
      subs.push_back(stem_query(stem, /*title=*/false, *ctx.analyzer, ctx.compile));
      continue;
    }
    subs.emplace_back(term);
    EntityRef ref;
    ref.id = term.substr(schema::kEntityPrefix.size());
    ref.type = std::string(entity_id_type(ref.id));
    if (const analysis::Entity* known = gazetteer.find(ref.id)) {
      ref.name = known->name;
    } else {
      for (const StoredEntity& e : mentioned) {
        if (e.id == ref.id)
          ref.name = std::string(e.name);
      }
      if (ref.name.empty())
        ref.name = ref.id;
    }
    terms.entities.emplace(ref.id, group++);
    response.entities.push_back(std::move(ref));
  }
  // Each stem as the article writes it (its most frequent word with that
  // stem), for people to read.
  std::unordered_map<std::string, std::pair<Xapian::termcount, std::string>> written;
  for (Xapian::TermIterator t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
    const std::string word = *t;
    if (word.empty() || (static_cast<unsigned char>(word[0]) < 0x80 && !std::islower(word[0]))) {
      continue;  // prefixed terms and numbers
    }
    const std::string& stem = ctx.analyzer->stem(word, lang);
    if (!terms.stems.count(stem))
      continue;
    auto& best = written[stem];
    if (t.get_wdf() > best.first)
      best = {t.get_wdf(), word};
  }
  for (const std::string& stem : stems) {
    const auto it = written.find(stem);
    response.words.push_back(it != written.end() ? it->second.second : stem);
  }
  if (subs.empty())
    return response;  // an article without words or entities

  // Not the article, nor its copies.
  Xapian::Query self(id_term);
  const std::string group_of = doc.get_value(schema::kClusterValue);
  const bool fold = ctx.format_version >= 3;
  if (fold && !group_of.empty()) {
    self = Xapian::Query(
        Xapian::Query::OP_OR, self,
        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kClusterValue, group_of, group_of));
  }
  const Xapian::Query like(Xapian::Query::OP_AND_NOT,
                           Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end()), self);
  // An OR of up to kExpandWords + kExpandEntities terms, ranked as a search
  // ranks (lengths from memory, on every core: at a million articles p50
  // 64.5 -> 58.0 ms with the lengths, then 41 ms on two cores).
  const std::vector<RankedMatch> matches = ctx.rank(like, limit, fold);

  std::size_t rank = 0;
  for (const RankedMatch& match : matches) {
    const Xapian::Document& hit_doc = match.doc;
    const StoredRecord record = ctx.articles->full_record(match.did, hit_doc);
    const StoredArticle& stored = record.article;
    Hit hit;
    hit.rank = ++rank;
    hit.id = stored.id;
    hit.title = stored.title;
    hit.published = stored.published;
    hit.source = stored.source;
    hit.url = stored.url;
    hit.lang = stored.lang;
    hit.score = match.weight;
    hit.similar = fold ? match.collapse_count : 0;
    std::vector<SnippetMark> marks;
    for (const StoredEntity& e : parse_entities_value(record.entities)) {
      EntityRef ref;
      ref.id = std::string(e.id);
      ref.type = std::string(entity_id_type(e.id));
      const analysis::Entity* known = gazetteer.find(ref.id);
      ref.name = known != nullptr ? known->name : e.name.empty() ? ref.id : std::string(e.name);
      hit.entities.push_back(std::move(ref));
      const auto searched = terms.entities.find(std::string(e.id));
      if (searched == terms.entities.end())
        continue;
      for (const auto& [start, end] : e.spans)
        marks.push_back({start, end, searched->second});
    }
    hit.snippet = make_snippet(stored.body, terms, *ctx.analyzer, kSnippetWords, -1, marks,
                               analysis::primary_language(stored.lang));
    response.hits.push_back(std::move(hit));
  }
  return response;
}

}  // namespace dossier::search
