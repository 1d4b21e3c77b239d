// dossier: index and search news archives. See README.md or `dossier --help`.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"dossier: full-text search for news archives", "dossier"};
  app.set_version_flag("--version", std::string("dossier ") + DOSSIER_VERSION_STRING);
  app.require_subcommand(1);
  app.fallthrough(false);
  int exit_code = dossier::cli::kExitOk;
  dossier::cli::register_index(app, &exit_code);
  dossier::cli::register_analyze(app, &exit_code);
  dossier::cli::register_delete(app, &exit_code);
  dossier::cli::register_search(app, &exit_code);
  dossier::cli::register_related(app, &exit_code);
  dossier::cli::register_info(app, &exit_code);
  dossier::cli::register_timeline(app, &exit_code);
  dossier::cli::register_suggest(app, &exit_code);
  dossier::cli::register_similar(app, &exit_code);
  dossier::cli::register_help(app, &exit_code);
#ifdef DOSSIER_WITH_SERVE
  dossier::cli::register_serve(app, &exit_code);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0; everything else is usage.
    return app.exit(e) == 0 ? dossier::cli::kExitOk : dossier::cli::kExitUsage;
  }
  return exit_code;
}
