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
          doc["entities"] = entities_json(a.entities);
          std::cout << doc.dump() << "\n";
          return true;
        }
        std::cout << a.article.id << "  " << a.article.title << "\n";
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
  cmd->add_option("--format", flags->format, "Input format: auto (default), jsonl, text")
      ->check(CLI::IsMember({"auto", "jsonl", "text"}));
  cmd->add_option("inputs", flags->inputs, "Files, directories, or - for standard input")
      ->required();
  cmd->callback([flags, exit_code] { *exit_code = run_analyze(*flags); });
}

}  // namespace dossier::cli
