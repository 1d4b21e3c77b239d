// Crash safety, for real: a running `dossier index` is killed with SIGKILL at
// several moments (early, mid-batch, during commits). After each kill the
// database passes xapian-check, opens, and holds whole batches only; running
// the same command again finishes the job, without duplicates.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
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

pid_t start_indexer(const std::string& db, const std::string& input, const std::string& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string batch = std::to_string(kBatch);
    freopen(log.c_str(), "w", stdout);
    freopen(log.c_str(), "a", stderr);
    execl(DOSSIER_BINARY, DOSSIER_BINARY, "index", "--quiet", "--batch-size", batch.c_str(), "--db",
          db.c_str(), input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int documents(const std::string& db) {
  auto info = run_dossier("info --json --db " + shell_quote(db));
  EXPECT_EQ(info.exit_code, 0) << info.err;
  if (info.exit_code != 0) return -1;
  return nlohmann::json::parse(info.out)["documents"].get<int>();
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
  // Kill points in milliseconds after the start, each run resuming the last.
  for (int delay_ms : {40, 350, 700, 1100, 1600}) {
    const pid_t pid = start_indexer(db, input, dir / "log");
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      ASSERT_TRUE(WIFSIGNALED(status));
      ++kills;
    }
    // Before anything was committed there may be no database yet.
    if (!std::ifstream(db + "/iamglass")) continue;
    const std::string check = "xapian-check " + shell_quote(db) + " >" +
                              shell_quote(dir / "check.log") + " 2>&1";
    EXPECT_EQ(std::system(check.c_str()), 0) << "xapian-check failed after a kill at "
                                             << delay_ms << " ms";
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
  auto finish = run_dossier("index --batch-size " + std::to_string(kBatch) + " --db " +
                            shell_quote(db) + " " + shell_quote(input));
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  EXPECT_NE(finish.out.find(std::to_string(before) + " unchanged"), std::string::npos)
      << finish.out;
  EXPECT_EQ(documents(db), kArticles);
  for (const char* id : {"a0", "a2999", "a5999"}) {
    auto r = run_dossier("search --json --facets none --db " + shell_quote(db) + " id:" + id);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["total"], 1) << id;
  }
  EXPECT_EQ(std::system(("xapian-check " + shell_quote(db) + " >/dev/null 2>&1").c_str()), 0);
}

}  // namespace
}  // namespace dossier
