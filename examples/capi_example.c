/* capi_example: the C API (dossier.h) from C. Searches INDEX and prints the
 * JSON document (the same as `dossier search --json`).
 *
 *   capi_example INDEX QUERY
 *
 * Build it against an installed Dossier with CMake (link dossier::c) or:
 *   cc capi_example.c $(pkg-config --cflags --libs dossier-c)
 */
#include <dossier.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  dossier_searcher* searcher = NULL;
  char request[1024];
  char* json = NULL;
  int status;
  if (argc != 3) {
    fprintf(stderr, "usage: %s INDEX QUERY\n", argv[0]);
    return 2;
  }
  status = dossier_searcher_open(argv[1], &searcher);
  if (status != DOSSIER_OK) {
    fprintf(stderr, "%s: %s\n", dossier_status_name(status), dossier_last_error());
    return 1;
  }
  /* A real program builds its JSON with a JSON library; the query here must
   * not contain quotes or backslashes. */
  if (strpbrk(argv[2], "\"\\") != NULL) {
    fprintf(stderr, "the query may not contain quotes here\n");
    dossier_searcher_close(searcher);
    return 2;
  }
  snprintf(request, sizeof request, "{\"query\":\"%s\",\"limit\":3,\"facets\":[\"country\"]}",
           argv[2]);
  status = dossier_search(searcher, request, &json);
  if (status != DOSSIER_OK) {
    fprintf(stderr, "%s: %s\n", dossier_status_name(status), dossier_last_error());
    dossier_searcher_close(searcher);
    return 1;
  }
  printf("dossier %s\n%s\n", dossier_version(), json);
  dossier_free(json); /* every char* from dossier.h goes back through dossier_free */
  dossier_searcher_close(searcher);
  return 0;
}
