#include "dossier/analysis.h"

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "index/pipeline.h"

namespace dossier {

struct ArticleAnalyzer::Impl {
  std::unique_ptr<analysis::Analyzer> analyzer;
  std::unique_ptr<index::Pipeline> pipeline;
  index::AnalyzedArticle scratch;
};

Result<std::unique_ptr<ArticleAnalyzer>> ArticleAnalyzer::create(const AnalyzerOptions& options) {
  Result<std::unique_ptr<analysis::Analyzer>> analyzer = analysis::Analyzer::create(options);
  if (!analyzer.ok()) return analyzer.status();
  auto impl = std::make_unique<Impl>();
  impl->analyzer = std::move(analyzer.value());
  impl->pipeline =
      std::make_unique<index::Pipeline>(impl->analyzer.get(), analysis::EntityModel::builtin());
  return std::unique_ptr<ArticleAnalyzer>(new ArticleAnalyzer(std::move(impl)));
}

ArticleAnalyzer::ArticleAnalyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ArticleAnalyzer::~ArticleAnalyzer() = default;

ArticleAnalysis ArticleAnalyzer::analyze(const Article& article) {
  index::AnalyzedArticle& a = impl_->scratch;
  impl_->pipeline->run(article, &a);
  ArticleAnalysis out;
  out.article = a.article;
  if (!a.note.empty()) out.notes.push_back(a.note);
  for (const analysis::ExtractedEntity& e : a.entities) {
    EntityInfo info;
    info.id = e.id;
    info.type = analysis::entity_type_name(e.type);
    info.name = e.name;
    info.country = e.country;
    info.from_gazetteer = e.from_gazetteer;
    info.mentions = e.mentions;
    info.salience = e.salience;
    info.surfaces = e.surfaces;
    out.entities.push_back(std::move(info));
  }
  out.published_source = a.time.published_source;
  for (const index::Removal& r : a.removed) out.removed.push_back(RemovedText{r.text, r.reason});
  for (const analysis::TimeMention& m : a.time.mentions) {
    DateMention d;
    d.field = m.field == 0 ? "title" : "body";
    const std::string& text = m.field == 0 ? a.article.title : a.article.body;
    d.start = m.start_byte;
    d.end = m.end_byte;
    d.text = text.substr(m.start_byte, m.end_byte - m.start_byte);
    if (m.resolved) d.value = m.is_range() ? m.from.iso() + ".." + m.to.iso() : m.from.iso();
    switch (m.kind) {
      case analysis::TimeMention::Kind::kExplicit: d.kind = "explicit"; break;
      case analysis::TimeMention::Kind::kContextual: d.kind = "contextual"; break;
      case analysis::TimeMention::Kind::kRelative: d.kind = "relative"; break;
      case analysis::TimeMention::Kind::kRange: d.kind = "range"; break;
    }
    out.dates.push_back(std::move(d));
  }
  for (const analysis::ParagraphTime& p : a.time.paragraphs) {
    out.paragraph_dates.push_back(ParagraphDate{p.paragraph, p.date.iso(), p.inherited});
  }
  return out;
}

}  // namespace dossier
