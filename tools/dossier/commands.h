// Subcommand registration. Each register_* adds one subcommand to the root
// app; when it runs, its callback stores the process exit status in *exit_code.
#pragma once

#include <CLI/CLI.hpp>

namespace dossier::cli {

/// Exit statuses shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;  ///< The command ran and failed (message on stderr).
inline constexpr int kExitUsage = 2;  ///< Bad flags or arguments.

void register_analyze(CLI::App& app, int* exit_code);
void register_delete(CLI::App& app, int* exit_code);
void register_help(CLI::App& app, int* exit_code);
void register_index(CLI::App& app, int* exit_code);
void register_search(CLI::App& app, int* exit_code);
void register_similar(CLI::App& app, int* exit_code);
void register_suggest(CLI::App& app, int* exit_code);
void register_related(CLI::App& app, int* exit_code);
void register_info(CLI::App& app, int* exit_code);
void register_timeline(CLI::App& app, int* exit_code);
void register_serve(CLI::App& app, int* exit_code);  // built with DOSSIER_WITH_SERVE

}  // namespace dossier::cli
