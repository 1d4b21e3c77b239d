#include "index/pipeline.h"

#include <algorithm>
#include <chrono>

#include "analysis/dates.h"
#include "analysis/language.h"
#include "analysis/temporal.h"
#include "index/clean.h"

namespace dossier::index {

namespace {

// Adds the time since the last lap to *slot, when timing.
class Laps {
 public:
  explicit Laps(StageTimes* times) : times_(times) {
    if (times_) last_ = std::chrono::steady_clock::now();
  }
  void lap(double StageTimes::*slot) {
    if (!times_) return;
    const auto now = std::chrono::steady_clock::now();
    times_->*slot += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }

 private:
  StageTimes* times_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

void Pipeline::run(const Article& in, AnalyzedArticle* out, StageTimes* times) {
  Laps laps(times);
  Article& a = out->article;
  a.id = in.id;
  a.url = clean_line(in.url);
  a.source = clean_line(in.source);
  a.title = clean_line(in.title);
  a.lang = clean_line(in.lang);
  a.body = clean_body(in.body);
  Cleaned cleaned = remove_boilerplate(a.title, a.body, in.title_from_text);
  a.title = std::move(cleaned.title);
  a.body = std::move(cleaned.body);
  if (a.source.empty()) a.source = std::move(cleaned.source);
  out->removed = std::move(cleaned.removed);
  a.published.clear();
  out->published_sortable.clear();
  out->note.clear();
  std::optional<analysis::PartialDate> metadata_date;
  if (!in.published.empty()) {
    metadata_date = analysis::parse_metadata_date(in.published);
    if (!metadata_date) {
      out->note = "unrecognised publication date \"" + in.published +
                  "\", looked for in the text instead";
    }
  }
  laps.lap(&StageTimes::clean);
  // The language: as given, else detected from the text (empty when unsure).
  if (a.lang.empty()) {
    a.lang = analysis::detect_language(a.title + "\n\n" + a.body.substr(0, 8192));
  }
  out->language = analysis::primary_language(a.lang);
  laps.lap(&StageTimes::language);
  out->title_tokens.clear();
  out->body_tokens.clear();
  analyzer_->tokenize(a.title, &out->title_tokens);
  analyzer_->tokenize(a.body, &out->body_tokens);
  laps.lap(&StageTimes::tokenize);
  out->time = analysis::analyze_time(a.title, out->title_tokens, a.body, out->body_tokens,
                                     metadata_date);
  if (out->time.published) {
    a.published = out->time.published->iso();
    out->published_sortable = out->time.published->sortable();
  }
  laps.lap(&StageTimes::dates);
  out->entities.clear();
  out->written_names.clear();
  if (!analyzer_->options().entities) return;
  out->entities = extractor_.extract(
      analysis::FieldTokens{a.title, &out->title_tokens},
      analysis::FieldTokens{a.body, &out->body_tokens});
  // Full names written where entity terms do not mark them, so that a quoted
  // name is searched by terms instead of by phrase positions (schema.h, XW).
  const analysis::EntityModel& model = extractor_.model();
  const auto& all = model.gazetteer->entities();
  written_.clear();
  // A name is marked when every entity it may stand for has a mention.
  auto marked = [&](const std::vector<analysis::AliasCandidate>& candidates) {
    return std::all_of(candidates.begin(), candidates.end(), [&](const analysis::AliasCandidate& c) {
      return c.kind != analysis::AliasKind::kName ||
             std::any_of(out->entities.begin(), out->entities.end(),
                         [&](const analysis::ExtractedEntity& e) {
                           return !e.spans.empty() && e.id == all[c.entity].id;
                         });
    });
  };
  for (const std::vector<analysis::Token>* tokens : {&out->title_tokens, &out->body_tokens}) {
    model.matcher->names_written(
        *tokens, [&](const std::vector<analysis::AliasCandidate>& candidates, std::size_t first,
                     std::size_t end) {
          if (!marked(candidates)) written_.push_back(analysis::written_name(*tokens, first, end));
        });
  }
  if (!written_.empty()) {
    std::sort(written_.begin(), written_.end());
    for (std::size_t i = 0; i < written_.size();) {
      std::size_t j = i;
      while (j < written_.size() && written_[j] == written_[i]) ++j;
      out->written_names.emplace_back(written_[i], static_cast<unsigned>(j - i));
      i = j;
    }
  }
  laps.lap(&StageTimes::entities);
}

}  // namespace dossier::index
