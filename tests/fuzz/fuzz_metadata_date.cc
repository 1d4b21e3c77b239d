// libFuzzer target: analysis::parse_metadata_date, the parser of the dates
// feeds and pages write (ISO 8601, RFC 2822, "12 September 2023", epoch...).
// A date it returns must be a real one at its precision.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "analysis/temporal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto date = dossier::analysis::parse_metadata_date(text);
  if (date) {
    const bool ok = date->year > 0 && date->month >= 0 && date->month <= 12 && date->day >= 0 &&
                    date->day <= 31 && (date->month > 0 || date->day == 0);
    if (!ok) {
      std::fprintf(stderr, "impossible date %d-%d-%d\n", date->year, date->month, date->day);
      std::abort();
    }
    (void)date->iso();
    (void)date->sortable();
  }
  return 0;
}
