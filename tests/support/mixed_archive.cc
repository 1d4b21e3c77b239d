#include "mixed_archive.h"

#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_support.h"

namespace dossier::test {

std::string gzip_bytes(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
    throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string zstd_bytes(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  if (ZSTD_isError(n))
    throw std::runtime_error("ZSTD_compress");
  out.resize(n);
  return out;
}

std::string warc_record(std::string_view type, std::string_view target_uri, std::string_view date,
                        std::string_view content_type, std::string_view block) {
  std::string r = "WARC/1.0\r\nWARC-Type: " + std::string(type) + "\r\n";
  if (!target_uri.empty())
    r += "WARC-Target-URI: " + std::string(target_uri) + "\r\n";
  r += "WARC-Date: " + std::string(date) + "\r\n";
  r += "WARC-Record-ID: <urn:uuid:" + std::to_string(block.size()) + ">\r\n";
  r += "Content-Type: " + std::string(content_type) + "\r\n";
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string read_source_file(const std::string& relative) {
  return read_file(source_path(relative));
}

namespace {

// "1a\r\n<26 bytes>\r\n...0\r\n\r\n", in chunks of `size` bytes.
std::string chunked(std::string_view body, std::size_t size) {
  std::string out;
  char hex[32];
  for (std::size_t i = 0; i < body.size(); i += size) {
    const std::string_view chunk = body.substr(i, size);
    std::snprintf(hex, sizeof hex, "%zx\r\n", chunk.size());
    out += hex;
    out += chunk;
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

std::string crawl_warc() {
  const std::string korean = read_source_file("tests/data/warc-parts/korean-page.euc-kr.html");
  const std::string korean_http =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=EUC-KR\r\n"
      "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
      chunked(gzip_bytes(korean), 100);
  const std::string image_http =
      "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 24\r\n\r\n" +
      std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01", 24);
  const std::string summit = read_source_file("tests/data/warc-parts/summit-page.html");
  const std::string summit_http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                                  std::to_string(summit.size()) + "\r\n\r\n" + summit;
  const char* http = "application/http; msgtype=response";
  // One gzip member per record, as Common Crawl stores them.
  return gzip_bytes(warc_record("response", "https://news.example/2023/09/12/kim-arrives",
                                "2023-09-12T03:00:00Z", http, korean_http)) +
         gzip_bytes(warc_record("response", "https://news.example/img/kim.png",
                                "2023-09-12T03:00:01Z", http, image_http)) +
         gzip_bytes(warc_record("response", "https://news.example/2023/09/13/cosmodrome",
                                "2023-09-13T11:00:00Z", http, summit_http));
}

}  // namespace

void build_mixed_archive(const std::string& dir) {
  namespace fs = std::filesystem;
  for (const auto& entry : fs::directory_iterator(source_path("tests/data/mixed"))) {
    if (entry.path().filename() == "README.md")
      continue;
    fs::copy_file(entry.path(), fs::path(dir) / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  }
  write_file(dir + "/wire.jsonl.gz",
             gzip_bytes("{\"id\":\"wire-gz\",\"title\":\"Seoul and Tokyo agree to share "
                        "military intelligence\",\"published\":\"Wed, 23 Nov 2016 10:00:00 "
                        "+0900\",\"body\":\"South Korea and Japan signed an agreement on "
                        "Wednesday to share intelligence on North Korea's missile "
                        "programme.\"}\n"));
  write_file(dir + "/wire.jsonl.zst",
             zstd_bytes("{\"id\":\"wire-zst\",\"title\":\"China and North Korea mark treaty "
                        "anniversary\",\"published\":\"1626220800\",\"body\":\"Beijing and "
                        "Pyongyang exchanged messages marking sixty years of their treaty of "
                        "friendship.\"}\n"));
  write_file(dir + "/crawl.warc.gz", crawl_warc());
  write_file(dir + "/photo.jpg",
             std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11) + std::string(200, '\0'));
  write_file(dir + "/latin1.txt",
             "Caf\xE9 diplomacy in Pyongyang\n\nA Latin-1 byte in a UTF-8 world: the "
             "caf\xE9 on Kim Il Sung Square reopened.\n");
  // One long paragraph: the point is the size, not a paragraph count that
  // would only make indexing slow.
  std::string huge = "An article that never ends\n\n";
  const std::string sentence = "The committee met again and again to discuss the same report. ";
  while (huge.size() < kHugeBodyBytes)
    huge += sentence;
  write_file(dir + "/huge.txt", huge);
}

}  // namespace dossier::test
