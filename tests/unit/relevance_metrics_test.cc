// The measures of tools/dossier-relevance on hand-made judgements, checked
// against values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "metrics.h"
#include "test_support.h"

namespace dossier::eval {
namespace {

// Judgements of one query: a and b highly relevant, c partly, d judged not.
const std::map<std::string, int> kJudged = {{"a", 2}, {"b", 2}, {"c", 1}, {"d", 0}};

double dcg(std::initializer_list<double> gains) {
  double s = 0;
  int rank = 1;
  for (double g : gains) s += g / std::log2(rank++ + 1.0);
  return s;
}

TEST(RelevanceMetrics, GainIsExponentialInTheGrade) {
  EXPECT_EQ(gain(0), 0);
  EXPECT_EQ(gain(1), 1);
  EXPECT_EQ(gain(2), 3);
}

TEST(RelevanceMetrics, IdealOrderScoresOne) {
  EXPECT_DOUBLE_EQ(ndcg_at({"a", "b", "c", "d"}, kJudged, 10), 1.0);
  EXPECT_DOUBLE_EQ(ndcg_at({"b", "a", "c"}, kJudged, 10), 1.0);  // equal grades: either order
}

TEST(RelevanceMetrics, NdcgByHand) {
  // d (0), c (1), x (unjudged: 0), a (3): DCG = 1/log2(3) + 3/log2(5);
  // ideal a, b, c = 3 + 3/log2(3) + 1/2.
  const double expected = dcg({0, 1, 0, 3}) / dcg({3, 3, 1});
  EXPECT_NEAR(ndcg_at({"d", "c", "x", "a"}, kJudged, 10), expected, 1e-12);
  EXPECT_NEAR(expected, (1 / std::log2(3.0) + 3 / std::log2(5.0)) / (3 + 3 / std::log2(3.0) + 0.5),
              1e-12);
}

TEST(RelevanceMetrics, CutOffAppliesToRankingAndIdeal) {
  // At k = 1 only the first rank counts, against an ideal of one grade-2 article.
  EXPECT_DOUBLE_EQ(ndcg_at({"c", "a"}, kJudged, 1), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(ndcg_at({"a", "c"}, kJudged, 1), 1.0);
  // At k = 2: c (1) then a (3), against a, b (3, 3).
  EXPECT_NEAR(ndcg_at({"c", "a"}, kJudged, 2), dcg({1, 3}) / dcg({3, 3}), 1e-12);
}

TEST(RelevanceMetrics, NothingRelevantScoresZero) {
  EXPECT_EQ(ndcg_at({"a"}, {{"a", 0}, {"b", 0}}, 10), 0.0);
  EXPECT_EQ(ndcg_at({}, kJudged, 10), 0.0);
}

TEST(RelevanceMetrics, PrecisionCountsGradeOneAndUpOverK) {
  EXPECT_DOUBLE_EQ(precision_at({"a", "d", "c", "x"}, kJudged, 10), 0.2);  // a, c of 10
  EXPECT_DOUBLE_EQ(precision_at({"a", "d", "c", "x"}, kJudged, 2), 0.5);
  EXPECT_DOUBLE_EQ(precision_at({"d", "x"}, kJudged, 10), 0.0);
}

TEST(RelevanceMetrics, JudgedShareOfTheTop) {
  EXPECT_DOUBLE_EQ(judged_at({"a", "x", "d", "y"}, kJudged, 10), 0.5);
  EXPECT_DOUBLE_EQ(judged_at({"a", "x", "d", "y"}, kJudged, 1), 1.0);
  EXPECT_DOUBLE_EQ(judged_at({}, kJudged, 10), 1.0);
}

TEST(RelevanceMetrics, ReadsQueriesAndQrels) {
  test::TempDir dir;
  test::write_file(dir / "q.tsv",
                   "# comment\n\nq1\tdev\tKim + Russia\tKim in Russia\nq2\theldout\tPutin\tPutin\n");
  test::write_file(dir / "r.tsv", "# comment\nq1 0 a 2\nq1 0 b 0\nq2\t0\tc\t1\n");
  Result<std::vector<EvalQuery>> q = read_queries(dir / "q.tsv");
  ASSERT_TRUE(q.ok()) << q.status().to_string();
  ASSERT_EQ(q->size(), 2u);
  EXPECT_EQ((*q)[0].query, "Kim + Russia");
  EXPECT_EQ((*q)[1].split, "heldout");
  Result<Qrels> r = read_qrels(dir / "r.tsv");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->at("q1").at("a"), 2);
  EXPECT_EQ(r->at("q1").at("b"), 0);
  EXPECT_EQ(r->at("q2").at("c"), 1);
}

TEST(RelevanceMetrics, MalformedFilesNameTheLine) {
  test::TempDir dir;
  test::write_file(dir / "q.tsv", "q1\tdev\tKim\tneed\nq2\ttrain\tPutin\tneed\n");
  Result<std::vector<EvalQuery>> q = read_queries(dir / "q.tsv");
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("q.tsv:2"), std::string::npos) << q.status().message();
  EXPECT_NE(q.status().message().find("train"), std::string::npos);
  test::write_file(dir / "r.tsv", "q1 0 a 2\nq1 0 a 1\n");
  Result<Qrels> r = read_qrels(dir / "r.tsv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("r.tsv:2"), std::string::npos) << r.status().message();
  test::write_file(dir / "r.tsv", "q1 0 a 3\n");
  EXPECT_FALSE(read_qrels(dir / "r.tsv").ok());
  EXPECT_FALSE(read_qrels(dir / "missing.tsv").ok());
}

}  // namespace
}  // namespace dossier::eval
