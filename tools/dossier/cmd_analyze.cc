// dossier analyze [--json] INPUT...: the indexing pipeline without writing;
// prints what it finds in each article.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "dossier/analysis.h"
#include "dossier/reader.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct AnalyzeFlags {
  std::vector<std::string> inputs;
  bool json = false;
  std::string format = "auto";
};

int run_analyze(const AnalyzeFlags& flags) {
  Result<std::unique_ptr<ArticleAnalyzer>> analyzer = ArticleAnalyzer::create();
  if (!analyzer.ok()) {
    print_error(analyzer.status());
    return kExitError;
  }
  ReaderOptions options;
  if (flags.format == "jsonl") options.format = InputFormat::kJsonLines;
  if (flags.format == "text") options.format = InputFormat::kText;
  if (flags.format == "html") options.format = InputFormat::kHtml;
  if (flags.format == "warc") options.format = InputFormat::kWarc;
  std::size_t errors = 0;
  read_articles(
      flags.inputs, options,
      [&](Article&& article, const InputLocation& where) {
        const ArticleAnalysis a = (*analyzer)->analyze(article);
        for (const std::string& note : a.notes) print_warning(where.to_string() + ": " + note);
        if (flags.json) {
          nlohmann::ordered_json doc;
          doc["format_version"] = kJsonFormatVersion;
          doc["id"] = a.article.id;
          doc["title"] = a.article.title;
          doc["published"] = a.article.published.empty()
                                 ? nlohmann::ordered_json()
                                 : nlohmann::ordered_json(a.article.published);
          doc["published_source"] = a.published_source;
          doc["entities"] = entities_json(a.entities);
          nlohmann::ordered_json dates = nlohmann::ordered_json::array();
          for (const DateMention& d : a.dates) {
            dates.push_back({{"text", d.text},
                             {"value", d.value.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(d.value)},
                             {"kind", d.kind},
                             {"field", d.field},
                             {"start", d.start},
                             {"end", d.end}});
          }
          doc["dates"] = std::move(dates);
          nlohmann::ordered_json paras = nlohmann::ordered_json::array();
          for (const ParagraphDate& p : a.paragraph_dates) {
            paras.push_back({{"paragraph", p.paragraph}, {"date", p.value}, {"inherited", p.inherited}});
          }
          doc["paragraph_dates"] = std::move(paras);
          nlohmann::ordered_json removed = nlohmann::ordered_json::array();
          for (const RemovedText& r : a.removed) removed.push_back({{"text", r.text}, {"reason", r.reason}});
          doc["removed"] = std::move(removed);
          std::cout << doc.dump() << "\n";
          return true;
        }
        std::cout << a.article.id << "  " << a.article.title << "\n";
        std::cout << "  published " << (a.article.published.empty() ? "unknown" : a.article.published);
        if (!a.published_source.empty()) std::cout << " (from " << a.published_source << ")";
        std::cout << "\n";
        for (const EntityInfo& e : a.entities) {
          char line[64];
          std::snprintf(line, sizeof line, "  %-8s %5.3f %3u  ", e.type.c_str(), e.salience,
                        e.mentions);
          std::cout << line << e.name << "  (" << e.id
                    << (e.from_gazetteer ? "" : ", not in gazetteer") << ")";
          const char* sep = "  as ";
          for (const std::string& s : e.surfaces) {
            std::cout << sep << '"' << s << '"';
            sep = ", ";
          }
          std::cout << "\n";
        }
        for (const RemovedText& r : a.removed) {
          std::string text = r.text.substr(0, 70);
          for (char& c : text) {
            if (c == '\n') c = ' ';
          }
          std::cout << "  removed (" << r.reason << "): " << text << (r.text.size() > 70 ? "…" : "") << "\n";
        }
        if (!a.dates.empty()) {
          std::cout << "  dates:";
          for (const DateMention& d : a.dates) {
            std::cout << "  \"" << d.text << "\" = " << (d.value.empty() ? "?" : d.value);
          }
          std::cout << "\n";
        }
        if (!a.paragraph_dates.empty()) {
          std::cout << "  paragraphs:";
          for (const ParagraphDate& p : a.paragraph_dates) {
            std::cout << " " << p.paragraph << "=" << p.value << (p.inherited ? "*" : "");
          }
          std::cout << "  (* continues the paragraph before)\n";
        }
        std::cout << "\n";
        return true;
      },
      [&](const InputProblem& problem) {
        const bool error = problem.severity == InputProblem::Severity::kError;
        if (error) ++errors;
        (error ? std::cerr << "dossier: error: " : std::cerr << "dossier: warning: ")
            << problem.location.to_string() << ": " << problem.status.message() << "\n";
      });
  return errors > 0 ? kExitError : kExitOk;
}

}  // namespace

void register_analyze(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<AnalyzeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Run the indexing analysis without writing; print entities per article");
  cmd->add_flag("--json", flags->json, "One JSON object per article (JSON Lines)");
  cmd->add_option("--format", flags->format,
                  "Input format: auto (default), jsonl, text, html, warc")
      ->check(CLI::IsMember({"auto", "jsonl", "text", "html", "warc"}));
  cmd->add_option("inputs", flags->inputs, "Files, directories, or - for standard input")
      ->required();
  cmd->callback([flags, exit_code] { *exit_code = run_analyze(*flags); });
}

}  // namespace dossier::cli
