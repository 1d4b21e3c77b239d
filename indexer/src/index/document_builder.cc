#include "index/document_builder.h"

#include <cstdio>
#include <set>

#include "analysis/fold.h"
#include "analysis/schema.h"

namespace dossier::index {

namespace schema = dossier::schema;

namespace {

// Appends `s` as a JSON string. Fields are valid UTF-8 (the reader repairs
// them), so only quotes, backslashes and control characters need escapes.
void append_json_string(std::string* out, const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\t': out->append("\\t"); break;
      case '\r': out->append("\\r"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s, run, std::string::npos);
  out->push_back('"');
}

}  // namespace

Xapian::termpos DocumentBuilder::index_field(Xapian::Document* doc,
                                             const std::vector<analysis::Token>& tokens,
                                             Xapian::termpos first_pos, unsigned wdf, bool title,
                                             std::vector<Xapian::termpos>* positions) {
  positions->clear();
  Xapian::termpos pos = first_pos;
  std::uint32_t paragraph = 0;
  // Stems carry no positions: each distinct word is stemmed and its Z term
  // added once, with the wdf of all its occurrences (as many add_term calls
  // would give), instead of once per occurrence.
  stem_wdf_.clear();
  for (const analysis::Token& token : tokens) {
    if (token.paragraph != paragraph) {
      pos += schema::kParagraphPositionGap * (token.paragraph - paragraph);
      paragraph = token.paragraph;
    }
    positions->push_back(pos);
    // A stop word keeps its posting but no position (schema.h: Positions):
    // the position entries of "the", "of" and "and" were 13% of the table,
    // and a phrase needs only to know how many words lie between the others.
    if (analyzer_->is_stopword(token.term)) {
      doc->add_term(token.term, wdf);
      if (title) doc->add_term(schema::prefixed(schema::kTitlePrefix, token.term), wdf);
    } else {
      doc->add_posting(token.term, pos, wdf);
      if (title) doc->add_posting(schema::prefixed(schema::kTitlePrefix, token.term), pos, wdf);
    }
    if (token.kind == analysis::TokenKind::kWord) {
      const std::string& key = token.cased.empty() ? token.term : token.cased;
      auto [it, fresh] = stem_wdf_.try_emplace(std::string_view(key), &token, 0u);
      it->second.second += wdf;
    }
    ++pos;
  }
  for (const auto& [word, entry] : stem_wdf_) {
    analyzer_->index_stems(*entry.first, language_, &stems_);
    for (std::size_t k = 0; k < stems_.size(); ++k) {
      const std::string& stem = stems_[k];
      // A word that is its own stem here and in the main language ("korea")
      // is found by its word term: a query looks for such a stem as Z<stem>
      // or the word (schema.h: Z).
      if (k == 0 && stem == entry.first->term && analyzer_->stem_is_own_word(stem)) continue;
      scratch_.assign(schema::kStemPrefix);
      scratch_ += stem;
      doc->add_term(scratch_, entry.second);
      if (title) {
        scratch_.assign(schema::kStemPrefix);
        scratch_ += schema::kTitlePrefix;
        scratch_ += stem;
        doc->add_term(scratch_, entry.second);
      }
    }
  }
  return pos;
}

void DocumentBuilder::stored_record(const Article& article, const std::string& published_source,
                                    const std::string& entities, const std::string& date_spans,
                                    std::string* out) {
  // Written directly: building a JSON object first copied every field, the
  // body included, once more.
  std::string& data = *out;
  data.clear();
  data.reserve(article.body.size() + article.title.size() + entities.size() + date_spans.size() +
               256);
  const std::pair<const char*, const std::string*> fields[] = {
      {"{\"id\":", &article.id},
      {",\"url\":", &article.url},
      {",\"source\":", &article.source},
      {",\"title\":", &article.title},
      {",\"published\":", &article.published},
      {",\"published_source\":", &published_source},
      {",\"lang\":", &article.lang},
      {",\"entities\":", &entities},
      {",\"date_spans\":", &date_spans},
      {",\"body\":", &article.body}};
  for (const auto& [key, value] : fields) {
    if (value->empty() && (value == &entities || value == &date_spans)) continue;
    data += key;
    append_json_string(&data, *value);
  }
  data += '}';
}

Xapian::Document DocumentBuilder::build(const AnalyzedArticle& analyzed,
                                        const analysis::DataDictionary* dictionary) {
  new_names_.clear();
  language_ = analyzed.language;
  const Article& article = analyzed.article;
  Xapian::Document doc;
  Xapian::termpos pos = 1;
  pos = index_field(&doc, analyzed.title_tokens, pos, schema::kTitleWdf,
                    /*title=*/true, &positions_[0]);
  index_field(&doc, analyzed.body_tokens, pos + schema::kTitleBodyPositionGap, 1,
              /*title=*/false, &positions_[1]);

  // Entities: a positional term at each mention (for proximity) that doubles
  // as a boolean filter, their facet keys in one value (read by the facet
  // counter without touching posting lists), and a text listing them with
  // their salience and mentions, stored with the article (schema.h).
  std::string entities_value;
  std::string facet_keys;
  for (const analysis::ExtractedEntity& e : analyzed.entities) {
    const std::string term = schema::entity_term(e.id);
    for (const analysis::EntitySpan& span : e.spans) {
      doc.add_posting(term, positions_[span.field][span.first], 1);
    }
    char salience[16];
    std::snprintf(salience, sizeof salience, "%.3f", e.salience);
    entities_value += e.id;
    entities_value += '\t';
    entities_value += salience;
    entities_value += '\t';
    if (!e.from_gazetteer) entities_value += e.name;
    entities_value += '\t';
    bool first = true;
    for (const analysis::EntitySpan& span : e.spans) {
      if (span.field != 1) continue;
      const std::vector<analysis::Token>& toks = analyzed.body_tokens;
      if (!first) entities_value += ',';
      first = false;
      entities_value += std::to_string(toks[span.first].start);
      entities_value += '-';
      entities_value += std::to_string(toks[span.end - 1].end);
    }
    entities_value += '\n';
    const std::uint64_t key = schema::facet_key(static_cast<unsigned>(e.type), e.id);
    for (int b = 0; b < 8; ++b) facet_keys += static_cast<char>((key >> (8 * b)) & 0xFF);
    if (!e.from_gazetteer) new_names_.emplace_back(key, e.id + "\t" + e.name);
  }
  // Full names written with no entity term: with XE, what a quoted name
  // matches (schema.h). Weighted by the times written, as XE is by mentions.
  for (const auto& [name, times] : analyzed.written_names) {
    doc.add_term(schema::written_name_term(name), times);
  }

  doc.add_boolean_term(schema::id_term(article.id));
  if (!article.source.empty()) {
    doc.add_boolean_term(schema::prefixed(schema::kSourcePrefix, analysis::fold(article.source)));
  }
  if (!analyzed.language.empty()) {
    doc.add_boolean_term(schema::prefixed(schema::kLangPrefix, analyzed.language));
  }
  const std::string& published = analyzed.published_sortable;
  if (published.size() == 8) {
    const std::string year = published.substr(0, 4);
    const std::string month = published.substr(4, 2);
    const std::string day = published.substr(6, 2);
    doc.add_boolean_term(std::string(schema::kYearPrefix) + year);
    if (month != "00") {
      doc.add_boolean_term(std::string(schema::kMonthPrefix) + year + month);
      if (day != "00") doc.add_boolean_term(std::string(schema::kDayPrefix) + published);
    }
    doc.add_value(schema::kPublishedValue, published);
  }

  // Dates: mentions where they are written, narrative times at the start of
  // the paragraphs that inherit them; the years of both in one value for the
  // mentioned_year facet. Only years keep positions: a year is a query part
  // whose position the ranking reads, while months and days are filters
  // (mentions:, date:) and a position entry costs ~18 bytes of B-tree.
  std::set<int> years;
  std::string date_spans;
  char buf[32];
  for (const analysis::TimeMention& m : analyzed.time.mentions) {
    if (!m.resolved) continue;
    const Xapian::termpos at = positions_[m.field][m.first];
    if (m.field == 1) {
      std::snprintf(buf, sizeof buf, "%d %d ", m.from.year, m.to.year);
      date_spans += buf;
      date_spans += std::to_string(m.start_byte) + ' ' + std::to_string(m.end_byte) + '\n';
    }
    if (m.is_range()) {
      if (m.to.year - m.from.year > schema::kMaxRangeYears) continue;
      for (int y = m.from.year; y <= m.to.year; ++y) {
        doc.add_posting(std::string(schema::kMentionedYearPrefix) + std::to_string(y), at, 1);
        years.insert(y);
      }
      continue;
    }
    const analysis::PartialDate& d = m.from;
    doc.add_posting(std::string(schema::kMentionedYearPrefix) + std::to_string(d.year), at, 1);
    years.insert(d.year);
    if (d.month > 0) {
      std::snprintf(buf, sizeof buf, "%04d%02d", d.year, d.month);
      doc.add_term(std::string(schema::kMentionedMonthPrefix) + buf, 1);
      if (d.day > 0) {
        std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
        doc.add_term(std::string(schema::kMentionedDayPrefix) + buf, 1);
      }
    }
  }
  std::size_t token = 0;
  const std::vector<analysis::Token>& body = analyzed.body_tokens;
  for (const analysis::ParagraphTime& p : analyzed.time.paragraphs) {
    while (token < body.size() && body[token].paragraph < p.paragraph) ++token;
    if (token >= body.size() || body[token].paragraph != p.paragraph) continue;
    const Xapian::termpos at = positions_[1][token];
    doc.add_posting(std::string(schema::kNarrativeYearPrefix) + std::to_string(p.date.year), at, 1);
    years.insert(p.date.year);
    if (p.date.month > 0) {
      std::snprintf(buf, sizeof buf, "%04d%02d", p.date.year, p.date.month);
      doc.add_term(std::string(schema::kNarrativeMonthPrefix) + buf, 1);
    }
  }
  // Where each body paragraph starts, for ranking by the paragraph where a
  // query's parts meet.
  std::string starts;
  std::uint32_t last_paragraph = static_cast<std::uint32_t>(-1);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i].paragraph == last_paragraph) continue;
    last_paragraph = body[i].paragraph;
    if (!starts.empty()) starts += ' ';
    starts += std::to_string(positions_[1][i]);
  }
  if (!starts.empty()) doc.add_value(schema::kParagraphStartsValue, starts);
  auto add_key = [&facet_keys](std::uint64_t key) {
    for (int b = 0; b < 8; ++b) facet_keys += static_cast<char>((key >> (8 * b)) & 0xFF);
  };
  for (int y : years) add_key(schema::year_facet_key(schema::kMentionedYearFacet, y));
  if (!analyzed.language.empty()) add_key(schema::language_facet_key(analyzed.language));
  if (analyzed.published_sortable.size() == 8) {
    add_key(schema::year_facet_key(schema::kPublishedYearFacet,
                                   std::stoi(analyzed.published_sortable.substr(0, 4))));
  }
  if (!facet_keys.empty()) doc.add_value(schema::kFacetKeysValue, facet_keys);
  if (!years.empty()) {
    std::string value;
    for (int y : years) {
      if (!value.empty()) value += ' ';
      value += std::to_string(y);
    }
    doc.add_value(schema::kMentionedYearsValue, value);
  }

  // The stored article (schema: document data), with the entities and date
  // spans (schema.h): only a shown hit (or the salience feature) reads them,
  // and compressed with the article they took 4.5 MB of KCNA's index where
  // as values they took 5.6.
  stored_record(article, analyzed.time.published_source, entities_value, date_spans, &scratch_);
  if (dictionary != nullptr) {
    if (!compression_) compression_ = std::make_unique<analysis::DataDictionary::Context>();
    dictionary->compress(scratch_, *compression_, &compressed_);
  }
  doc.set_data(dictionary != nullptr ? compressed_ : scratch_);
  return doc;
}

}  // namespace dossier::index
