// Crash safety, for real: a running `dossier index` (with its default worker
// threads, one per core) is killed with SIGKILL at several moments (early,
// mid-batch, during commits or installs). After each kill the database passes
// xapian-check, opens, and holds whole batches only (incrementally) or whole
// installs (a bulk build); running the same command again finishes the job,
// without duplicates, and nothing temporary is left.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <thread>

#include "test_support.h"

namespace dossier {
namespace {

using test::run_dossier;
using test::shell_quote;
using test::TempDir;

constexpr int kArticles = 6000;
constexpr int kBatch = 250;

// Distinct articles (no two alike, so none are grouped as copies) of about
// 120 words each.
std::string archive() {
  const char* const words[] = {"ministry", "delegation", "talks",   "border",  "trade",
                               "energy",   "harbour",    "railway", "grain",   "summit",
                               "treaty",   "exports",    "troops",  "embassy", "sanctions",
                               "election", "parliament", "budget",  "drought", "vaccine"};
  std::string out;
  unsigned x = 12345;
  for (int i = 0; i < kArticles; ++i) {
    std::string body;
    for (int w = 0; w < 120; ++w) {
      x = x * 1103515245u + 12345u;
      body += words[(x >> 16) % 20];
      body += w % 15 == 14 ? ". " : " ";
    }
    out += "{\"id\":\"a" + std::to_string(i) + "\",\"title\":\"Story " + std::to_string(i) +
           "\",\"published\":\"2019-05-" + std::to_string(1 + i % 28) + "\",\"body\":\"" + body +
           "\"}\n";
  }
  return out;
}

// `mode`: "--no-bulk" (commit batches into the index) or "--quiet" (a new
// index is built in bulk).
pid_t start_indexer(const std::string& db, const std::string& input, const std::string& log,
                    int batch_size = kBatch, const char* mode = "--no-bulk") {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string batch = std::to_string(batch_size);
    freopen(log.c_str(), "w", stdout);
    freopen(log.c_str(), "a", stderr);
    execl(DOSSIER_BINARY, DOSSIER_BINARY, "index", "--quiet", mode, "--batch-size", batch.c_str(),
          "--db", db.c_str(), input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// The names in the index directory that are not Xapian's own.
std::vector<std::string> foreign_files(const std::string& db) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(db)) {
    const std::string name = e.path().filename().string();
    const bool table = name.size() > 6 && name.compare(name.size() - 6, 6, ".glass") == 0;
    // v.tmp is Xapian's own: the version file it writes and renames at
    // each commit (a kill during a commit leaves it; Xapian ignores it).
    if (!table && name != "iamglass" && name != "flintlock" && name != "v.tmp") {
      out.push_back(name);
    }
  }
  return out;
}

// Kills `pid` with SIGKILL `delay_ms` after now unless it has ended by then;
// true when the kill landed. Reaps the process either way.
bool kill_after(pid_t pid, int delay_ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != 0) return false;
  kill(pid, SIGKILL);
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  // A run already inside its exit when the signal came ends normally.
  return WIFSIGNALED(status);
}

// How long a whole run takes on this machine (into a scratch index), so
// that the kills land at the same share of the work on a fast, idle machine
// and under the sanitizers or a loaded CI runner alike.
int full_run_ms(const std::string& input, const std::string& scratch, const std::string& log,
                int batch_size, const char* mode) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = start_indexer(scratch, input, log, batch_size, mode);
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::filesystem::remove_all(scratch);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count());
}

bool passes_xapian_check(const std::string& db, const std::string& log) {
  const std::string check = "xapian-check " + shell_quote(db) + " >" + shell_quote(log) + " 2>&1";
  return std::system(check.c_str()) == 0;
}

int documents(const std::string& db) {
  auto info = run_dossier("info --json --db " + shell_quote(db));
  EXPECT_EQ(info.exit_code, 0) << info.err;
  if (info.exit_code != 0) return -1;
  return nlohmann::json::parse(info.out)["documents"].get<int>();
}

// Runs `dossier index FLAGS --db DB INPUT` once more and checks that it
// completes the job: the `before` articles already indexed are unchanged,
// every article is there once, and the database passes xapian-check.
void expect_rerun_completes(const std::string& db, const std::string& input,
                            const std::string& flags, int before) {
  auto finish =
      run_dossier("index " + flags + " --db " + shell_quote(db) + " " + shell_quote(input));
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  EXPECT_NE(finish.out.find(std::to_string(before) + " unchanged"), std::string::npos)
      << finish.out;
  EXPECT_EQ(documents(db), kArticles);
  for (const char* id : {"a0", "a2999", "a5999"}) {
    auto r = run_dossier("search --json --facets none --db " + shell_quote(db) + " id:" + id);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["total"], 1) << id;
  }
  EXPECT_TRUE(passes_xapian_check(db, "/dev/null"));
}

TEST(Crash, KillNineLosesAtMostTheUncommittedBatch) {
  if (std::system("command -v xapian-check >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xapian-check not installed (tools/test installs xapian-tools)";
  }
  TempDir dir;
  const std::string input = dir / "archive.jsonl";
  test::write_file(input, archive());
  const std::string db = dir / "db";

  int before = 0;
  int kills = 0;
  // Kill points as shares of a whole run, each run resuming the last.
  const int whole = full_run_ms(input, dir / "scratch", dir / "log", kBatch, "--no-bulk");
  std::fprintf(stderr, "a whole run: %d ms\n", whole);
  for (double share : {0.03, 0.2, 0.3, 0.4, 0.5}) {
    const int delay_ms = static_cast<int>(share * whole);
    const pid_t pid = start_indexer(db, input, dir / "log");
    ASSERT_GT(pid, 0);
    if (kill_after(pid, delay_ms)) ++kills;
    // Before anything was committed there may be no database yet.
    if (!std::ifstream(db + "/iamglass")) continue;
    EXPECT_TRUE(passes_xapian_check(db, dir / "check.log")) << "after a kill at " << delay_ms
                                                            << " ms";
    const int now = documents(db);
    // Whole batches only (a run that finished has them all), never fewer
    // than before: nothing committed is lost.
    EXPECT_TRUE(now % kBatch == 0 || now == kArticles) << now;
    EXPECT_GE(now, before);
    before = now;
    std::fprintf(stderr, "kill at %d ms: %d documents\n", delay_ms, now);
  }
  EXPECT_GE(kills, 3);  // the kills did land mid-run

  // The same command again completes the job.
  expect_rerun_completes(db, input, "--no-bulk --batch-size " + std::to_string(kBatch), before);
}

// A bulk build installs its segments (of 8 batches) into the index when they
// hold as many articles as the index and at least 25 batches: with batches of
// 40, after 1280, 2560 and 5120 of the 6000 articles, and at the end. A kill
// loses what was not installed, never the index.
TEST(Crash, KillNineDuringABulkBuildLosesAtMostWhatWasNotInstalled) {
  if (std::system("command -v xapian-check >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xapian-check not installed (tools/test installs xapian-tools)";
  }
  constexpr int kBulkBatch = 40;
  TempDir dir;
  const std::string input = dir / "archive.jsonl";
  test::write_file(input, archive());
  const std::string db = dir / "db";

  int before = 0;
  int kills = 0;
  const int whole = full_run_ms(input, dir / "scratch", dir / "log", kBulkBatch, "--quiet");
  std::fprintf(stderr, "a whole bulk build: %d ms\n", whole);
  for (double share : {0.04, 0.45, 0.8}) {
    const int delay_ms = static_cast<int>(share * whole);
    // Each kill lands in a run that resumes the last one: once an install
    // happened the index has documents and the run goes on incrementally,
    // so start from the empty index each time to kill bulk builds.
    if (before > 0) std::filesystem::remove_all(db);
    const pid_t pid = start_indexer(db, input, dir / "log", kBulkBatch, "--quiet");
    ASSERT_GT(pid, 0);
    if (kill_after(pid, delay_ms)) ++kills;
    if (!std::ifstream(db + "/iamglass")) continue;
    EXPECT_TRUE(passes_xapian_check(db, dir / "check.log")) << "after a kill at " << delay_ms
                                                            << " ms";
    // Nothing temporary inside the index, whenever the kill came.
    EXPECT_EQ(foreign_files(db), std::vector<std::string>{}) << delay_ms << " ms";
    const int now = documents(db);
    EXPECT_TRUE(now == 0 || now == 1280 || now == 2560 || now == 5120 || now == kArticles)
        << now << " after a kill at " << delay_ms << " ms";
    before = now;
    std::fprintf(stderr, "bulk kill at %d ms: %d documents\n", delay_ms, now);
  }
  EXPECT_GE(kills, 2);

  // The same command completes the job from what was installed.
  expect_rerun_completes(db, input, "--batch-size " + std::to_string(kBulkBatch), before);
  // What the killed builds left beside the index went with the next open.
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".dossier-"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace dossier
