// dossier timeline --db PATH [--by year|month] [--json] [--svg FILE] QUERY...
// Matching articles per publication period: a bar chart in the terminal,
// versioned JSON, or an SVG chart for reports.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "dossier/searcher.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct TimelineFlags {
  std::string db;
  std::vector<std::string> query;
  std::string by = "year";
  bool json = false;
  std::string svg;
};

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A self-contained bar chart: one bar per period, labelled axis, the query as title.
std::string svg_chart(const TimelineResponse& t) {
  const int bar = t.buckets.size() > 60 ? 8 : 24, gap = 4, left = 50, top = 40, height = 240;
  const int width = left + static_cast<int>(t.buckets.size()) * (bar + gap) + 20;
  std::uint64_t max = 1;
  for (const TimelineBucket& b : t.buckets) max = std::max(max, b.count);
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                "font-family=\"sans-serif\" font-size=\"11\">\n",
                width, top + height + 70);
  out += buf;
  out += "<title>" + xml_escape(t.query) + "</title>\n";
  std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"20\" font-size=\"14\">", left);
  out += buf;
  out += xml_escape("\"" + t.query + "\": " + std::to_string(t.total) + " articles") + "</text>\n";
  std::snprintf(buf, sizeof buf,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left,
                top + height, width - 10, top + height);
  out += buf;
  std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%llu</text>\n",
                left - 6, top + 4, static_cast<unsigned long long>(max));
  out += buf;
  for (std::size_t i = 0; i < t.buckets.size(); ++i) {
    const TimelineBucket& b = t.buckets[i];
    const int h = static_cast<int>(static_cast<double>(b.count) / max * height);
    const int x = left + static_cast<int>(i) * (bar + gap) + gap;
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#3b6ea5\">"
                  "<title>%s: %llu</title></rect>\n",
                  x, top + height - h, bar, h, b.period.c_str(),
                  static_cast<unsigned long long>(b.count));
    out += buf;
    std::snprintf(buf, sizeof buf,
                  "<text x=\"%d\" y=\"%d\" transform=\"rotate(60 %d %d)\">%s</text>\n", x,
                  top + height + 12, x, top + height + 12, b.period.c_str());
    out += buf;
  }
  out += "</svg>\n";
  return out;
}

int run_timeline(const TimelineFlags& flags) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::open(flags.db);
  if (!searcher.ok()) {
    print_error(searcher.status());
    return kExitError;
  }
  TimelineRequest request;
  request.query = join_words(flags.query);
  request.by = flags.by == "month" ? TimelineRequest::Period::kMonth : TimelineRequest::Period::kYear;
  Result<TimelineResponse> t = (*searcher)->timeline(request);
  if (!t.ok()) {
    print_error(t.status());
    return kExitError;
  }
  if (!flags.svg.empty()) {
    std::ofstream out(flags.svg, std::ios::binary);
    out << svg_chart(*t);
    if (!out) {
      print_error(Status::io_error("cannot write " + flags.svg));
      return kExitError;
    }
  }
  if (flags.json) {
    std::cout << to_json(*t, request) << "\n";
    return kExitOk;
  }
  std::uint64_t max = 1;
  for (const TimelineBucket& b : t->buckets) max = std::max(max, b.count);
  const int width = 50;
  for (const TimelineBucket& b : t->buckets) {
    const int n = static_cast<int>(static_cast<double>(b.count) / max * width + 0.5);
    char label[16];
    std::snprintf(label, sizeof label, "%-8s", b.period.c_str());
    std::cout << label << " " << std::string(static_cast<std::size_t>(n), '#')
              << (n > 0 ? " " : "") << b.count << "\n";
  }
  std::cout << t->total << " articles for \"" << t->query << "\"";
  if (t->undated > 0) std::cout << " (" << t->undated << " without a publication " << flags.by << ")";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

void register_timeline(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<TimelineFlags>();
  CLI::App* cmd = app.add_subcommand("timeline", "Count matching articles per year or month");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_option("--by", flags->by, "Period: year (default) or month")
      ->check(CLI::IsMember({"year", "month"}));
  cmd->add_flag("--json", flags->json, "Print versioned JSON");
  cmd->add_option("--svg", flags->svg, "Also write an SVG bar chart to this file");
  cmd->add_option("query", flags->query, "The query, as for search")->required();
  cmd->callback([flags, exit_code] { *exit_code = run_timeline(*flags); });
}

}  // namespace dossier::cli
