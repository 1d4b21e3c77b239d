// HTML extraction and WARC/HTTP parsing internals: what the reader API test
// cannot see (author, charset, the pre-parse pass, HTTP decoding details).
#include "index/html_extract.h"

#include <gtest/gtest.h>

#include "index/html_charset.h"
#include "index/warc_reader.h"

namespace dossier::index {
namespace {

HtmlDocument extract(std::string_view html, std::string_view base = "") {
  HtmlOptions options;
  options.base_url = base;
  return extract_html(html, options);
}

TEST(HtmlExtract, JsonLdArticleInGraphGivesEveryField) {
  const HtmlDocument d = extract(R"(<script type="application/ld+json">
    {"@graph": [{"@type": "WebSite", "name": "Not this"},
                {"@type": ["ReportageNewsArticle"], "headline": "Head",
                 "datePublished": "2021-03-04", "inLanguage": {"alternateName": "fr"},
                 "author": [{"name": "A. One"}, "B. Two"], "publisher": "Pub",
                 "mainEntityOfPage": {"@id": "https://p.example/a"},
                 "articleBody": "Line one.\nLine two."}]}</script>)");
  EXPECT_EQ(d.title, "Head");
  EXPECT_EQ(d.published, "2021-03-04");
  EXPECT_EQ(d.lang, "fr");
  EXPECT_EQ(d.author, "A. One, B. Two");
  EXPECT_EQ(d.source, "Pub");
  EXPECT_EQ(d.url, "https://p.example/a");
  EXPECT_EQ(d.body, "Line one.\n\nLine two.");
}

TEST(HtmlExtract, MetaTagsRankedAndTitleSuffixStripped) {
  const HtmlDocument d = extract(
      "<html lang=de_AT><head><title>Gipfel in Wien - Die Zeitung</title>"
      "<meta property=og:site_name content='Die Zeitung'>"
      "<meta name=author content='https://social.example/x'>"
      "<meta name=author content='Eva Muster'>"
      "<meta name=date content=2020-01-01>"
      "<meta itemprop=datePublished content=2020-01-02>"
      "<link rel=canonical href='//z.example/gipfel'></head>"
      "<body><p>Text.</p><time datetime=2019-01-01>x</time></body></html>",
      "https://z.example/feed?id=1");
  EXPECT_EQ(d.title, "Gipfel in Wien");
  EXPECT_EQ(d.published, "2020-01-02");  // itemprop outranks name=date and <time>
  EXPECT_EQ(d.author, "Eva Muster");     // a URL is not a name
  EXPECT_EQ(d.lang, "de-AT");
  EXPECT_EQ(d.url, "https://z.example/gipfel");
}

TEST(HtmlExtract, RelativeCanonicalWithoutABaseIsDropped) {
  EXPECT_EQ(extract("<link rel=canonical href=/a><p>x</p>").url, "");
  EXPECT_EQ(extract("<link rel=canonical href=a/b><p>x</p>", "https://h.example/c").url, "");
}

TEST(HtmlExtract, FurnitureIsLeftOutAndBlocksArePargraphs) {
  const HtmlDocument d = extract(
      "<article><h1>T</h1><div class='social-share'>Share this</div>"
      "<p>One <a href=#>link</a>&nbsp;here.</p><ul><li>Item a</li><li>Item b</li></ul>"
      "<p hidden>Hidden</p><div aria-hidden=true>Also hidden</div>"
      "<p>Line<br>break</p><figure><figcaption>Caption</figcaption></figure>"
      "<table><tr><td>c1</td><td>c2</td></tr></table></article>");
  EXPECT_EQ(d.title, "T");
  EXPECT_EQ(d.body, "One link here.\n\nItem a\n\nItem b\n\nLine\nbreak\n\nc1 c2");
}

TEST(HtmlExtract, ScriptsAndCommentsAreDroppedButJsonLdIsRead) {
  const HtmlDocument d = extract(
      "<script>document.write('<p>not text</p>')</script><!-- <p>nor this</p> -->"
      "<style>p{}</style><SCRIPT type='application/LD+JSON'>{\"@type\":\"NewsArticle\","
      "\"headline\":\"From JSON-LD\"}</SCRIPT><p>Real text.</p>");
  EXPECT_EQ(d.title, "From JSON-LD");
  EXPECT_EQ(d.body, "Real text.");
}

TEST(HtmlExtract, DeepNestingIsBoundedAndItsTextKept) {
  std::string html;
  for (int i = 0; i < 3000; ++i)
    html += "<div>";
  html += "deep text";
  const HtmlDocument d = extract(html);
  EXPECT_EQ(d.body, "deep text");
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0], "HTML nested more than 512 elements deep; deeper start tags ignored");
}

TEST(HtmlCharset, DeclarationsAndLabels) {
  EXPECT_EQ(charset_from_content_type("text/html; Charset=\"Windows-1251\""), "windows-1251");
  EXPECT_EQ(charset_from_content_type("text/html"), "");
  EXPECT_EQ(sniff_meta_charset("<html><META HTTP-EQUIV=Content-Type CONTENT='text/html; "
                               "charset=koi8-r'>"),
            "koi8-r");
  EXPECT_EQ(sniff_meta_charset("<meta charset = 'Shift_JIS' >"), "shift_jis");
  EXPECT_EQ(decode_html_bytes("caf\xE9", "iso-8859-1").text, "café");  // WHATWG: windows-1252
  EXPECT_EQ(decode_html_bytes("\x80", "latin1").text, "€");
  const DecodedText bom = decode_html_bytes(std::string_view("\xFF\xFEh\0i\0", 6), "windows-1251");
  EXPECT_EQ(bom.text, "hi");  // a byte order mark outranks the transport
  EXPECT_EQ(bom.charset, "utf-16le");
  EXPECT_EQ(decode_html_bytes("<meta charset=utf-16>ok", "").charset, "utf-8");
}

TEST(Http, ResponsesAreDecoded) {
  HttpResponse r;
  std::string why;
  ASSERT_TRUE(
      parse_http_response("HTTP/1.1 200 OK\r\nContent-Type: Text/HTML\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n"
                          "2\r\nde\r\n0\r\nTrailer: x\r\n\r\n",
                          100, &r, &why))
      << why;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "abcde");
  EXPECT_TRUE(is_html_media_type(r.content_type));
  // A body stored decoded under a gzip header is taken as it is.
  ASSERT_TRUE(
      parse_http_response("HTTP/1.1 200 OK\nContent-Encoding: gzip\n\n<p>plain", 100, &r, &why));
  EXPECT_EQ(r.body, "<p>plain");
  // Bounded.
  ASSERT_TRUE(parse_http_response("HTTP/1.1 200 OK\r\n\r\n0123456789", 4, &r, &why));
  EXPECT_EQ(r.body, "0123");
  EXPECT_TRUE(r.truncated);
  EXPECT_FALSE(
      parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "ff\r\nshort",
                          100, &r, &why));
  EXPECT_EQ(why, "bad chunked body: chunk runs past the end of the record");
  EXPECT_FALSE(parse_http_response("GET / HTTP/1.1\r\n\r\n", 100, &r, &why));
  EXPECT_FALSE(is_html_media_type("image/png"));
}

}  // namespace
}  // namespace dossier::index
