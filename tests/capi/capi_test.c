/* The C API as a C program sees it: compiled as C (not C++), it includes
 * dossier.h alone, indexes a few articles, searches them, reads one back and
 * checks the error codes and messages of a bad query, a missing index, a
 * missing article and a second writer. */
#define _POSIX_C_SOURCE 200809L

#include <dossier.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int g_failed = 0;
static int g_passed = 0;

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (cond) {                                                           \
      ++g_passed;                                                         \
    } else {                                                              \
      ++g_failed;                                                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n",       \
              __FILE__, __LINE__, #cond, dossier_last_error());           \
    }                                                                     \
  } while (0)

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

static const char* const kArticles[] = {
    "{\"id\":\"a1\",\"url\":\"https://example.org/a1\",\"source\":\"Example\","
    "\"title\":\"Kim Jong-un arrives in Vladivostok\",\"published\":\"2019-04-25\","
    "\"lang\":\"en\",\"body\":\"Kim Jong-un met Vladimir Putin in Vladivostok on Thursday."
    "\\n\\nThe two leaders discussed the nuclear talks.\"}",
    "{\"id\":\"a2\",\"source\":\"Example\",\"title\":\"Grain harvest in Ukraine\","
    "\"published\":\"2020-08\",\"lang\":\"en\",\"body\":\"Farmers in Ukraine brought in the "
    "wheat harvest early this year.\"}",
    "{\"id\":\"a3\",\"title\":\"Armored train leaves Pyongyang\",\"published\":\"2019\","
    "\"body\":\"The armored train left Pyongyang for Russia.\"}",
};

static void test_version(void) {
  CHECK(strlen(dossier_version()) > 0);
  CHECK(strcmp(dossier_status_name(DOSSIER_OK), "ok") == 0);
  CHECK(strcmp(dossier_status_name(DOSSIER_BAD_QUERY), "bad query") == 0);
  CHECK(strcmp(dossier_status_name(99), "unknown") == 0);
  dossier_free(NULL); /* allowed */
}

static void test_index(const char* db) {
  dossier_indexer* indexer = NULL;
  char* result = NULL;
  size_t i;
  CHECK(dossier_indexer_open(db, "{\"batch_size\":100}", &indexer) == DOSSIER_OK);
  CHECK(indexer != NULL);
  if (indexer == NULL) return;
  for (i = 0; i < sizeof kArticles / sizeof kArticles[0]; ++i) {
    CHECK(dossier_indexer_add(indexer, kArticles[i], NULL) == DOSSIER_OK);
  }
  /* Re-adding an id with other content replaces it, and says so. */
  CHECK(dossier_indexer_add(indexer,
                            "{\"id\":\"a1\",\"url\":\"https://example.org/a1\","
                            "\"source\":\"Example\",\"title\":\"Kim Jong-un arrives in "
                            "Vladivostok (updated)\",\"published\":\"2019-04-25\",\"lang\":\"en\","
                            "\"body\":\"Kim Jong-un met Vladimir Putin in Vladivostok on Thursday."
                            "\\n\\nThe two leaders discussed the nuclear talks.\"}",
                            &result) == DOSSIER_OK);
  CHECK(contains(result, "\"outcome\":\"replaced\""));
  dossier_free(result);

  /* Bad articles: not JSON, no id, a field of the wrong type. */
  CHECK(dossier_indexer_add(indexer, "{not json", &result) == DOSSIER_BAD_INPUT);
  CHECK(result == NULL);
  CHECK(contains(dossier_last_error(), "not valid JSON"));
  CHECK(dossier_indexer_add(indexer, "{\"title\":\"no id\"}", NULL) == DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "id"));
  CHECK(dossier_indexer_add(indexer, "{\"id\":\"x\",\"body\":[1]}", NULL) == DOSSIER_BAD_INPUT);
  CHECK(contains(dossier_last_error(), "body"));

  /* A second writer is refused while this one holds the lock. */
  {
    dossier_indexer* second = NULL;
    CHECK(dossier_indexer_open(db, NULL, &second) == DOSSIER_LOCKED);
    CHECK(second == NULL);
    CHECK(strlen(dossier_last_error()) > 0);
  }
  CHECK(dossier_indexer_commit(indexer) == DOSSIER_OK);
  CHECK(strcmp(dossier_last_error(), "") == 0);
  CHECK(dossier_indexer_close(indexer) == DOSSIER_OK);
  CHECK(dossier_indexer_close(NULL) == DOSSIER_OK);
}

static void test_search(const char* db) {
  dossier_searcher* searcher = NULL;
  char* json = NULL;
  CHECK(dossier_searcher_open(db, &searcher) == DOSSIER_OK);
  if (searcher == NULL) return;

  CHECK(dossier_search(searcher, "{\"query\":\"Putin + Vladivostok\",\"limit\":5}", &json) ==
        DOSSIER_OK);
  CHECK(contains(json, "\"format_version\":1"));
  CHECK(contains(json, "\"total\":1"));
  CHECK(contains(json, "\"id\":\"a1\""));
  CHECK(contains(json, "\"rank\":1"));
  CHECK(contains(json, "\"facets\":{"));
  dossier_free(json);

  /* Facets, sort and date bounds. */
  CHECK(dossier_search(searcher,
                       "{\"query\":\"Pyongyang OR Ukraine OR Putin\",\"facets\":[\"year\"],"
                       "\"sort\":\"newest\",\"since\":\"2019\",\"until\":\"2020-12\"}",
                       &json) == DOSSIER_OK);
  CHECK(contains(json, "\"total\":3"));
  CHECK(contains(json, "\"exact\":true"));
  CHECK(contains(json, "\"year\":["));
  CHECK(!contains(json, "\"person\":"));
  /* Newest first: a2 (2020) ranks 1. */
  CHECK(contains(json, "\"rank\":1,\"id\":\"a2\""));
  dossier_free(json);

  /* Ranking, recency and the explanation of each score. */
  CHECK(dossier_search(searcher,
                       "{\"query\":\"Putin + Vladivostok\",\"explain\":true,\"recent\":30}",
                       &json) == DOSSIER_OK);
  CHECK(contains(json, "\"explain\":{\"ranking\":\"dossier\""));
  CHECK(contains(json, "\"name\":\"recency\""));
  dossier_free(json);
  CHECK(dossier_search(searcher,
                       "{\"query\":\"Putin\",\"ranking\":\"bm25\",\"explain\":true}",
                       &json) == DOSSIER_OK);
  CHECK(contains(json, "\"explain\":{\"ranking\":\"bm25\""));
  dossier_free(json);
  CHECK(dossier_search(searcher, "{\"query\":\"Putin\"}", &json) == DOSSIER_OK);
  CHECK(!contains(json, "\"explain\""));
  dossier_free(json);
  /* Above count_limit matches the counts are estimates, and say so. */
  CHECK(dossier_search(searcher,
                       "{\"query\":\"Pyongyang OR Ukraine OR Putin\",\"count_limit\":1}",
                       &json) == DOSSIER_OK);
  CHECK(contains(json, "\"exact\":false"));
  dossier_free(json);
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"ranking\":\"tfidf\"}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "ranking"));
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"recent\":-2}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "recent"));
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"explain\":\"yes\"}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "explain"));

  /* Drill-down filters; the filtered facet is counted without its own filter. */
  CHECK(dossier_search(searcher,
                       "{\"query\":\"Pyongyang OR Ukraine OR Putin\",\"facets\":[\"year\"],"
                       "\"filters\":[\"year:2019\"]}",
                       &json) == DOSSIER_OK);
  CHECK(contains(json, "\"total\":2"));
  CHECK(contains(json, "\"filters\":[{\"facet\":\"year\",\"value\":\"2019\",\"id\":\"2019\","
                       "\"name\":\"2019\"}]"));
  CHECK(contains(json, "{\"name\":\"2019\",\"count\":2,\"selected\":true}"));
  CHECK(contains(json, "{\"name\":\"2020\",\"count\":1}"));
  dossier_free(json);
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"filters\":[\"colour:red\"]}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "colour"));
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"filters\":[\"year2019\"]}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "FACET:VALUE"));
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"filters\":\"year:2019\"}", &json) ==
        DOSSIER_INVALID_ARGUMENT);

  /* Related entities: Russia (through Vladivostok) is in the one article
   * about Putin and in one of the other two. */
  CHECK(dossier_related(searcher,
                        "{\"query\":\"Putin\",\"types\":[\"country\"],\"min_count\":1}",
                        &json) == DOSSIER_OK);
  CHECK(contains(json, "\"total\":1,\"documents\":3"));
  CHECK(contains(json, "\"entities\":[{\"id\":\"country:RU\",\"type\":\"country\","
                       "\"name\":\"Russia\",\"count\":1,\"background\":2,\"score\":0.5}]"));
  dossier_free(json);
  /* Above count_limit, counts estimated from a sample (RelatedRequest). */
  CHECK(dossier_related(searcher, "{\"query\":\"Kim\",\"count_limit\":1}", &json) ==
        DOSSIER_OK);
  CHECK(contains(json, "\"exact\":false"));
  dossier_free(json);
  json = (char*)"untouched";
  CHECK(dossier_related(searcher, "{\"query\":\"Putin\",\"types\":[\"city\"]}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(contains(dossier_last_error(), "city"));
  CHECK(dossier_related(searcher, "{\"query\":\"Putin\",\"limt\":3}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_related(searcher, "{\"query\":\"Kim + + Russia\"}", &json) == DOSSIER_BAD_QUERY);
  CHECK(dossier_related(NULL, "{\"query\":\"x\"}", &json) == DOSSIER_INVALID_ARGUMENT);

  /* A page past the end is empty, not an error. */
  CHECK(dossier_search(searcher, "{\"query\":\"train\",\"offset\":10,\"facets\":[]}", &json) ==
        DOSSIER_OK);
  CHECK(contains(json, "\"hits\":[]"));
  dossier_free(json);

  /* A bad query: its code and a message naming the problem. */
  json = (char*)"untouched";
  CHECK(dossier_search(searcher, "{\"query\":\"Kim + + Russia\"}", &json) == DOSSIER_BAD_QUERY);
  CHECK(json == NULL);
  CHECK(contains(dossier_last_error(), "column"));
  CHECK(contains(dossier_last_error(), "Kim + + Russia"));

  /* Malformed requests. */
  CHECK(dossier_search(searcher, "[1,2]", &json) == DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"limt\":3}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "limt"));
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"limit\":-1}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"limit\":20000}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"facets\":[\"colour\"]}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "colour"));
  CHECK(dossier_search(searcher, "{\"query\":\"x\",\"sort\":\"random\"}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_search(searcher, "{}", &json) == DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_search(searcher, NULL, &json) == DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_search(NULL, "{\"query\":\"x\"}", &json) == DOSSIER_INVALID_ARGUMENT);

  /* Articles by id. */
  CHECK(dossier_get_article(searcher, "a2", &json) == DOSSIER_OK);
  CHECK(contains(json, "\"title\":\"Grain harvest in Ukraine\""));
  CHECK(contains(json, "\"published\":\"2020-08\""));
  CHECK(contains(json, "wheat harvest"));
  dossier_free(json);
  CHECK(dossier_get_article(searcher, "nope", &json) == DOSSIER_NOT_FOUND);
  CHECK(json == NULL);
  CHECK(contains(dossier_last_error(), "nope"));

  /* Completion and more like this. */
  CHECK(dossier_suggest(searcher, "vlad", 5, &json) == DOSSIER_OK);
  CHECK(contains(json, "\"prefix\":\"vlad\""));
  CHECK(contains(json, "\"text\":\"Vladimir Putin\",\"type\":\"person\",\"id\":\"person:vladimir-putin\""));
  CHECK(contains(json, "\"id\":\"place:2013348\""));
  dossier_free(json);
  CHECK(dossier_suggest(searcher, "\xD0\x9F\xD1\x83\xD1\x82", 1, &json) == DOSSIER_OK); /* "Пут" */
  CHECK(contains(json, "\"id\":\"person:vladimir-putin\""));
  dossier_free(json);
  json = (char*)"untouched";
  CHECK(dossier_suggest(searcher, "?!", 5, &json) == DOSSIER_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK(contains(dossier_last_error(), "?!"));
  CHECK(dossier_suggest(searcher, "vlad", 0, &json) == DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_suggest(NULL, "vlad", 5, &json) == DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_similar(searcher, "a1", 5, &json) == DOSSIER_OK);
  CHECK(contains(json, "\"id\":\"a1\",\"title\":\"Kim Jong-un arrives in Vladivostok (updated)\""));
  CHECK(contains(json, "\"hits\":[{\"rank\":1,"));
  CHECK(!contains(json, "\"hits\":[{\"rank\":1,\"id\":\"a1\""));
  dossier_free(json);
  CHECK(dossier_similar(searcher, "nope", 5, &json) == DOSSIER_NOT_FOUND);
  CHECK(json == NULL);
  CHECK(contains(dossier_last_error(), "nope"));
  CHECK(dossier_similar(searcher, "a1", 0, &json) == DOSSIER_INVALID_ARGUMENT);

  /* Timeline and info. */
  CHECK(dossier_timeline(searcher, "{\"query\":\"Pyongyang OR Putin OR Ukraine\"}", &json) ==
        DOSSIER_OK);
  CHECK(contains(json, "\"by\":\"year\""));
  CHECK(contains(json, "{\"period\":\"2019\",\"count\":2}"));
  CHECK(contains(json, "{\"period\":\"2020\",\"count\":1}"));
  dossier_free(json);
  CHECK(dossier_timeline(searcher, "{\"query\":\"Putin\",\"by\":\"week\"}", &json) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_info(searcher, &json) == DOSSIER_OK);
  CHECK(contains(json, "\"documents\":3"));
  CHECK(contains(json, "\"main_language\":\"en\""));
  dossier_free(json);

  /* A commit by another writer is seen by the next search on this handle. */
  {
    dossier_indexer* indexer = NULL;
    CHECK(dossier_indexer_open(db, "{\"create_if_missing\":false}", &indexer) == DOSSIER_OK);
    CHECK(dossier_indexer_add(indexer,
                              "{\"id\":\"a4\",\"title\":\"Late news\",\"body\":\"A zeppelin "
                              "landed.\"}",
                              NULL) == DOSSIER_OK);
    CHECK(dossier_indexer_close(indexer) == DOSSIER_OK);
    CHECK(dossier_search(searcher, "{\"query\":\"id:a4\"}", &json) == DOSSIER_OK);
    CHECK(contains(json, "\"total\":1"));
    dossier_free(json);
  }
  dossier_searcher_close(searcher);
  dossier_searcher_close(NULL);
}

static void test_missing_db(const char* dir) {
  char path[4096];
  dossier_searcher* searcher = (dossier_searcher*)1;
  dossier_indexer* indexer = (dossier_indexer*)1;
  snprintf(path, sizeof path, "%s/no-such-db", dir);
  CHECK(dossier_searcher_open(path, &searcher) == DOSSIER_NOT_FOUND);
  CHECK(searcher == NULL);
  CHECK(contains(dossier_last_error(), "no-such-db"));
  CHECK(dossier_indexer_open(path, "{\"create_if_missing\":false}", &indexer) ==
        DOSSIER_NOT_FOUND);
  CHECK(indexer == NULL);
  CHECK(dossier_indexer_open(path, "{\"batch_size\":0}", &indexer) == DOSSIER_INVALID_ARGUMENT);
  CHECK(dossier_indexer_open(path, "{\"main_language\":\"English\"}", &indexer) ==
        DOSSIER_INVALID_ARGUMENT);
  CHECK(contains(dossier_last_error(), "main language"));
  CHECK(dossier_searcher_open(NULL, &searcher) == DOSSIER_INVALID_ARGUMENT);
}

int main(void) {
  char dir[] = "/tmp/dossier-capi-XXXXXX";
  char db[4096];
  char command[4200];
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(db, sizeof db, "%s/db", dir);
  test_version();
  test_index(db);
  test_search(db);
  test_missing_db(dir);
  snprintf(command, sizeof command, "rm -rf '%s'", dir);
  if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
