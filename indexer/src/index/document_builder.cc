#include "index/document_builder.h"

#include <nlohmann/json.hpp>

#include "analysis/fold.h"
#include "analysis/schema.h"

namespace dossier::index {

namespace schema = dossier::schema;

Xapian::termpos DocumentBuilder::index_field(Xapian::Document* doc, const std::string& text,
                                             Xapian::termpos first_pos, unsigned wdf,
                                             bool title) {
  tokens_.clear();
  analyzer_->tokenize(text, &tokens_);
  Xapian::termpos pos = first_pos;
  std::uint32_t paragraph = 0;
  for (const analysis::Token& token : tokens_) {
    if (token.paragraph != paragraph) {
      pos += schema::kParagraphPositionGap * (token.paragraph - paragraph);
      paragraph = token.paragraph;
    }
    doc->add_posting(token.term, pos, wdf);
    if (title) doc->add_posting(schema::prefixed(schema::kTitlePrefix, token.term), pos, wdf);
    if (token.kind == analysis::TokenKind::kWord) {
      const std::string& stem = analyzer_->stem(token.term);
      scratch_.assign(schema::kStemPrefix);
      scratch_ += stem;
      doc->add_term(scratch_, wdf);
      if (title) {
        scratch_.assign(schema::kStemPrefix);
        scratch_ += schema::kTitlePrefix;
        scratch_ += stem;
        doc->add_term(scratch_, wdf);
      }
    } else if (token.kind == analysis::TokenKind::kNumber) {
      const int year = analysis::token_year(
          token, std::string_view(text).substr(token.start, token.end - token.start));
      if (year != 0) {
        doc->add_posting(std::string(schema::kMentionedYearPrefix) + std::to_string(year), pos, 1);
      }
    }
    ++pos;
  }
  return pos;
}

Xapian::Document DocumentBuilder::build(const Article& article,
                                        const std::string& published_sortable) {
  Xapian::Document doc;
  Xapian::termpos pos = 1;
  pos = index_field(&doc, article.title, pos, schema::kTitleWdf, /*title=*/true);
  index_field(&doc, article.body, pos + schema::kTitleBodyPositionGap, 1, /*title=*/false);

  doc.add_boolean_term(schema::id_term(article.id));
  if (!article.url.empty()) doc.add_boolean_term(schema::boolean_term(schema::kUrlPrefix, article.url));
  if (!article.source.empty()) {
    doc.add_boolean_term(schema::prefixed(schema::kSourcePrefix, analysis::fold(article.source)));
  }
  if (!article.lang.empty()) {
    doc.add_boolean_term(schema::prefixed(schema::kLangPrefix, analysis::fold(article.lang)));
  }
  if (published_sortable.size() == 8) {
    const std::string year = published_sortable.substr(0, 4);
    const std::string month = published_sortable.substr(4, 2);
    const std::string day = published_sortable.substr(6, 2);
    doc.add_boolean_term(std::string(schema::kYearPrefix) + year);
    if (month != "00") {
      doc.add_boolean_term(std::string(schema::kMonthPrefix) + year + month);
      if (day != "00") doc.add_boolean_term(std::string(schema::kDayPrefix) + published_sortable);
    }
    doc.add_value(schema::kPublishedValue, published_sortable);
  }

  nlohmann::ordered_json data;
  data["id"] = article.id;
  data["url"] = article.url;
  data["source"] = article.source;
  data["title"] = article.title;
  data["published"] = article.published;
  data["lang"] = article.lang;
  data["body"] = article.body;
  doc.set_data(data.dump());
  return doc;
}

}  // namespace dossier::index
