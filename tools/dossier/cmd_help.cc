// dossier help [TOPIC] [--markdown]: reference documentation. `help query`
// prints the query language from dossier/query_help.h, the data README.md's
// "Query language" section is generated from (--markdown prints that form).
#include <iostream>
#include <sstream>

#include "commands.h"
#include "dossier/query_help.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct HelpFlags {
  std::string topic;
  bool markdown = false;
};

// Inline code (between backquotes) in bold on a terminal, plain otherwise.
std::string render_code(const std::string& text, bool color) {
  std::string out;
  bool in_code = false;
  for (char c : text) {
    if (c == '`') {
      in_code = !in_code;
      if (color)
        out += in_code ? "\033[1m" : "\033[0m";
      continue;
    }
    out += c;
  }
  return out;
}

// `text` wrapped at `columns` (counted in code points, before colouring),
// every line after `indent` spaces.
std::string wrap(const std::string& text, std::size_t columns, std::size_t indent, bool color) {
  std::istringstream words(text);
  std::string out, line, word;
  std::size_t used = 0;
  const std::string pad(indent, ' ');
  while (words >> word) {
    std::string plain;
    for (char c : word) {
      if (c != '`')
        plain += c;
    }
    if (used > 0 && used + 1 + display_width(plain) > columns - indent) {
      out += pad + line + "\n";
      line.clear();
      used = 0;
    }
    line += (used > 0 ? " " : "") + word;
    used += (used > 0 ? 1 : 0) + display_width(plain);
  }
  if (!line.empty())
    out += pad + line + "\n";
  return render_code(out, color);
}

void print_query_help(bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::cout << bold << "The Dossier query language" << reset
            << " (also in README.md, \"Query language\")\n";
  for (const QueryHelpSection& section : query_help()) {
    std::cout << "\n" << bold << section.title << reset << "\n";
    for (const QuerySyntax& s : section.syntax) {
      for (const std::string& example : s.examples)
        std::cout << "  " << example << "\n";
      std::cout << wrap(s.meaning, 78, 6, color);
    }
  }
  std::cout << "\n" << bold << "Fields" << reset << ": ";
  const std::vector<std::string> fields = query_field_names();
  for (std::size_t i = 0; i < fields.size(); ++i)
    std::cout << (i ? ", " : "") << fields[i];
  std::cout << "\n";
  for (const std::string& note : query_help_notes())
    std::cout << "\n" << wrap(note, 78, 0, color);
}

int run_help(const HelpFlags& flags) {
  if (flags.topic.empty()) {
    std::cout << "Topics: query (the query language). Usage: dossier help query\n"
                 "Commands and their flags: dossier --help, dossier COMMAND --help\n";
    return kExitOk;
  }
  if (flags.markdown) {
    std::cout << query_help_markdown();
    return kExitOk;
  }
  print_query_help(use_color(stdout));
  return kExitOk;
}

}  // namespace

void register_help(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<HelpFlags>();
  CLI::App* cmd = app.add_subcommand("help", "Reference documentation: dossier help query");
  cmd->add_option("topic", flags->topic, "Topic: query (the query language)")
      ->check(CLI::IsMember({"query"}));
  cmd->add_flag("--markdown", flags->markdown,
                "Print Markdown (the form README.md holds) instead of text");
  cmd->callback([flags, exit_code] { *exit_code = run_help(*flags); });
}

}  // namespace dossier::cli
