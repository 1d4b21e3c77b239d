#include "index/html_extract.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "index/html_charset.h"

namespace dossier::index {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------
// Memory: gumbo allocates every node, attribute and string separately and
// frees them with a recursive walk (gumbo_destroy_output), which a page of
// 100,000 nested <div>s turns into a stack overflow. An arena that is dropped
// whole is both faster and safe at any depth; gumbo never reallocates, so a
// no-op deallocator loses nothing but the grown-out copies of its vectors.
class Arena {
 public:
  explicit Arena(std::size_t block_bytes) : block_bytes_(block_bytes) {}

  void* allocate(std::size_t n) {
    n = (n + 15) & ~static_cast<std::size_t>(15);
    if (n > left_) {
      if (n > block_bytes_ / 4) {
        blocks_.emplace_back(new char[n]);
        return blocks_.back().get();
      }
      blocks_.emplace_back(new char[block_bytes_]);
      next_ = blocks_.back().get();
      left_ = block_bytes_;
    }
    char* p = next_;
    next_ += n;
    left_ -= n;
    return p;
  }

 private:
  std::size_t block_bytes_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

void* arena_allocate(void* arena, std::size_t size) {
  return static_cast<Arena*>(arena)->allocate(size);
}
void arena_free(void* /*arena*/, void* /*ptr*/) {}

// ---------------------------------------------------------------------------
// Strings.

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Collects text with HTML's white space rules: runs of white space (and
// no-break spaces) become one separator, the strongest one requested
// between two pieces of text wins, none at the start or end.
class TextWriter {
 public:
  enum Break { kNone = 0, kSpace = 1, kLine = 2, kParagraph = 3 };

  explicit TextWriter(std::size_t limit = std::string::npos) : limit_(limit) {}

  void request(Break b) { pending_ = std::max(pending_, b); }

  void text(std::string_view t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(t[i]);
      if (is_space(c)) {
        request(kSpace);
      } else if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) {
        request(kSpace);
        ++i;
      } else {
        if (pending_ != kNone) {
          if (!out_.empty())
            out_.append(pending_ == kParagraph ? "\n\n" : pending_ == kLine ? "\n" : " ");
          pending_ = kNone;
        }
        out_.push_back(static_cast<char>(c));
      }
    }
  }

  bool full() const { return out_.size() > limit_; }
  std::string& str() { return out_; }

 private:
  std::string out_;
  Break pending_ = kNone;
  std::size_t limit_;
};

std::string collapse(std::string_view s) {
  TextWriter w;
  w.text(s);
  return std::move(w.str());
}

// ---------------------------------------------------------------------------
// The tree.

const char* attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT)
    return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string_view attribute_or_empty(const GumboNode* node, const char* name) {
  const char* value = attribute(node, name);
  return value ? std::string_view(value) : std::string_view();
}

const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  if (node->type == GUMBO_NODE_DOCUMENT)
    return &node->v.document.children;
  return nullptr;
}

GumboTag tag_of(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

bool is_text(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}

// Subtrees that are never part of an article's text, whatever the layout.
bool is_furniture_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_OPTION:
      return true;
    default:
      return false;
  }
}

// Words in class and id values that name page furniture rather than text.
bool is_furniture_word(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "ad",      "ads",         "advert",     "advertisement", "banner",   "breadcrumb",
      "byline",  "breadcrumbs", "caption",    "comment",       "comments", "cookie",
      "cookies", "credit",      "credits",    "masthead",      "menu",     "modal",
      "nav",     "navbar",      "navigation", "newsletter",    "outbrain", "paywall",
      "popup",   "promo",       "related",    "share",         "sharing",  "sidebar",
      "signup",  "social",      "subscribe",  "subscription",  "taboola",  "toolbar",
      "widget"};
  for (std::string_view w : kWords) {
    if (word == w)
      return true;
  }
  return false;
}

bool names_furniture(std::string_view value) {
  std::string word;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    const char c = i < value.size() ? value[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      if (!word.empty() && is_furniture_word(word))
        return true;
      word.clear();
    }
  }
  return false;
}

bool is_skipped(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE)
    return true;
  if (node->type != GUMBO_NODE_ELEMENT)
    return false;
  if (is_furniture_tag(node->v.element.tag))
    return true;
  if (attribute(node, "hidden"))
    return true;
  if (attribute_or_empty(node, "aria-hidden") == "true")
    return true;
  return names_furniture(attribute_or_empty(node, "class")) ||
         names_furniture(attribute_or_empty(node, "id"));
}

TextWriter::Break break_of(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_CAPTION:
      return TextWriter::kParagraph;
    case GUMBO_TAG_BR:
      return TextWriter::kLine;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_IMG:
      return TextWriter::kSpace;
    default:
      return TextWriter::kNone;
  }
}

// Renders the text under `roots` (in order) into `w`: furniture skipped,
// blocks as paragraphs. Iterative, so any depth is fine.
void render(const std::vector<const GumboNode*>& roots, bool skip_furniture, TextWriter& w) {
  struct Frame {
    const GumboNode* node;
    bool exit;
  };
  std::vector<Frame> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it)
    stack.push_back({*it, false});
  while (!stack.empty() && !w.full()) {
    const Frame f = stack.back();
    stack.pop_back();
    const GumboNode* node = f.node;
    if (f.exit) {
      w.request(break_of(tag_of(node)));
      continue;
    }
    if (is_text(node)) {
      w.text(node->v.text.text);
      continue;
    }
    const GumboVector* children = children_of(node);
    if (!children)
      continue;  // comments
    if (skip_furniture && is_skipped(node))
      continue;
    const TextWriter::Break b = break_of(tag_of(node));
    w.request(b);
    if (b != TextWriter::kNone)
      stack.push_back({node, true});
    for (unsigned i = children->length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children->data[i]), false});
    }
  }
}

std::string render_text(const GumboNode* node, bool skip_furniture, std::size_t limit) {
  TextWriter w(limit);
  render({node}, skip_furniture, w);
  return std::move(w.str());
}

// Calls f(node) for every node in document order (iteratively).
template <typename F>
void walk(const GumboNode* root, F&& f) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (!f(node))
      continue;  // f returns false to skip the subtree
    const GumboVector* children = children_of(node);
    if (!children)
      continue;
    for (unsigned i = children->length; i-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(children->data[i]));
    }
  }
}

// ---------------------------------------------------------------------------
// Metadata: each field keeps the candidate of best (lowest) rank.

struct Candidate {
  std::string value;
  int rank = 1 << 30;
  void offer(std::string_view v, int r) {
    if (r >= rank)
      return;
    std::string c = collapse(v);
    if (c.empty())
      return;
    value = std::move(c);
    rank = r;
  }
};

struct Metadata {
  Candidate title, published, source, lang, author;
  // Every URL the page names, with its rank: the best one may be relative
  // and need another (absolute) one as its base.
  std::vector<std::pair<int, std::string>> urls;
  std::string title_tag;  // <title>, kept apart to strip a site-name suffix
  std::string ld_body;
  const GumboNode* itemprop_body = nullptr;
  std::vector<const GumboNode*> articles;
  std::vector<std::string> json_ld;
};

// Title ranks.
constexpr int kOgTitle = 0, kLdHeadline = 1, kItempropHeadline = 2, kTwitterTitle = 4, kH1 = 5;
// Published ranks.
constexpr int kArticlePublished = 0, kLdPublished = 1, kItempropPublished = 2, kMetaDate = 3,
              kTimePubdate = 4, kTimeInArticle = 5, kTime = 6;

int meta_date_rank(const std::string& key) {
  if (key == "article:published_time" || key == "og:published_time" || key == "article:published" ||
      key == "published_time") {
    return kArticlePublished;
  }
  if (key == "datepublished")
    return kItempropPublished;
  static constexpr std::string_view kKeys[] = {"pubdate",
                                               "publishdate",
                                               "publish-date",
                                               "publish_date",
                                               "date",
                                               "dc.date",
                                               "dc.date.issued",
                                               "dc.date.created",
                                               "dcterms.date",
                                               "dcterms.issued",
                                               "dcterms.created",
                                               "sailthru.date",
                                               "parsely-pub-date",
                                               "article.published",
                                               "originalpublicationdate",
                                               "og:pubdate",
                                               "citation_publication_date",
                                               "citation_date"};
  for (std::string_view k : kKeys) {
    if (key == k)
      return kMetaDate;
  }
  return -1;
}

void read_meta(const GumboNode* node, Metadata& m) {
  const std::string_view content = attribute_or_empty(node, "content");
  const char* http_equiv = attribute(node, "http-equiv");
  if (http_equiv) {
    if (lower(http_equiv) == "content-language") {
      m.lang.offer(content.substr(0, content.find(',')), 2);
    }
    return;
  }
  const char* key_attr = attribute(node, "property");
  if (!key_attr)
    key_attr = attribute(node, "name");
  if (!key_attr)
    key_attr = attribute(node, "itemprop");
  if (!key_attr || content.empty())
    return;
  const std::string key = lower(key_attr);
  if (key == "og:title") {
    m.title.offer(content, kOgTitle);
  } else if (key == "twitter:title") {
    m.title.offer(content, kTwitterTitle);
  } else if (key == "headline") {
    m.title.offer(content, kItempropHeadline);
  } else if (key == "og:url") {
    m.urls.emplace_back(1, collapse(content));
  } else if (key == "og:site_name") {
    m.source.offer(content, 0);
  } else if (key == "og:locale") {
    m.lang.offer(content, 3);
  } else if (key == "author" || key == "article:author" || key == "dc.creator") {
    if (content.find("://") == std::string_view::npos)
      m.author.offer(content, 1);
  } else {
    const int rank = meta_date_rank(key);
    if (rank >= 0)
      m.published.offer(content, rank);
  }
}

bool is_article_type(const json& type) {
  auto one = [](const json& t) {
    if (!t.is_string())
      return false;
    std::string_view s = t.get_ref<const std::string&>();
    const std::size_t slash = s.find_last_of("/:");
    if (slash != std::string_view::npos)
      s.remove_prefix(slash + 1);
    return ends_with(s, "Article") || ends_with(s, "BlogPosting");
  };
  if (type.is_array()) {
    for (const json& t : type) {
      if (one(t))
        return true;
    }
    return false;
  }
  return one(type);
}

std::string json_string(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end())
    return "";
  if (it->is_string())
    return it->get<std::string>();
  return "";
}

// A name from a string, {"name": ...} object, or array of those.
std::string json_names(const json& v) {
  if (v.is_string())
    return v.get<std::string>();
  if (v.is_object())
    return json_string(v, "name");
  std::string out;
  if (v.is_array()) {
    for (const json& item : v) {
      const std::string name = json_names(item.is_array() ? json() : item);
      if (name.empty())
        continue;
      if (!out.empty())
        out += ", ";
      out += name;
    }
  }
  return out;
}

void read_ld_article(const json& a, Metadata& m) {
  m.title.offer(json_string(a, "headline"), kLdHeadline);
  m.published.offer(json_string(a, "datePublished"), kLdPublished);
  if (a.contains("author"))
    m.author.offer(json_names(a["author"]), 0);
  if (a.contains("publisher"))
    m.source.offer(json_names(a["publisher"]), 1);
  if (a.contains("inLanguage")) {
    const json& l = a["inLanguage"];
    m.lang.offer(l.is_object() ? json_string(l, "alternateName") : json_names(l), 1);
  }
  std::string url = json_string(a, "url");
  if (url.empty() && a.contains("mainEntityOfPage")) {
    const json& page = a["mainEntityOfPage"];
    url = page.is_string()   ? page.get<std::string>()
          : page.is_object() ? json_string(page, "@id")
                             : "";
  }
  if (!url.empty())
    m.urls.emplace_back(2, collapse(url));
  if (m.ld_body.empty())
    m.ld_body = json_string(a, "articleBody");
}

// Finds article objects in a JSON-LD value: top level, arrays, @graph and
// mainEntity, to a bounded depth (the rest of a graph is not articles).
void scan_json_ld(const json& v, int depth, Metadata& m) {
  if (depth > 6)
    return;
  if (v.is_array()) {
    for (const json& item : v)
      scan_json_ld(item, depth + 1, m);
    return;
  }
  if (!v.is_object())
    return;
  const auto type = v.find("@type");
  if (type != v.end() && is_article_type(*type))
    read_ld_article(v, m);
  for (const char* key : {"@graph", "mainEntity"}) {
    const auto it = v.find(key);
    if (it != v.end())
      scan_json_ld(*it, depth + 1, m);
  }
}

void read_json_ld(std::string_view text, Metadata& m) {
  // Pages wrap the JSON in comment or CDATA markers now and then.
  auto trim = [](std::string_view s) {
    while (!s.empty() && is_space(static_cast<unsigned char>(s.front())))
      s.remove_prefix(1);
    while (!s.empty() && is_space(static_cast<unsigned char>(s.back())))
      s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  for (std::string_view open : {"<!--", "//<![CDATA[", "<![CDATA["}) {
    if (text.substr(0, open.size()) == open)
      text = trim(text.substr(open.size()));
  }
  for (std::string_view close : {"-->", "//]]>", "]]>"}) {
    if (ends_with(text, close))
      text = trim(text.substr(0, text.size() - close.size()));
  }
  try {
    const json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!value.is_discarded())
      scan_json_ld(value, 0, m);
  } catch (const json::exception&) {
    // Malformed JSON-LD is common and harmless: the page's other metadata
    // still counts.
  }
}

std::string text_of(const GumboNode* node) {
  return render_text(node, false, 64 * 1024);
}

void collect_metadata(const GumboNode* root, Metadata& m) {
  bool in_body = false;
  walk(root, [&](const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT)
      return node->type == GUMBO_NODE_DOCUMENT;
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_BODY)
      in_body = true;
    if (const char* itemprop = attribute(node, "itemprop")) {
      const std::string prop = lower(itemprop);
      if (prop == "articlebody" && !m.itemprop_body) {
        m.itemprop_body = node;
      } else if (prop == "headline" && tag != GUMBO_TAG_META) {
        m.title.offer(text_of(node), kItempropHeadline);
      } else if (prop == "datepublished" && tag != GUMBO_TAG_META) {
        std::string_view when = attribute_or_empty(node, "datetime");
        if (when.empty())
          when = attribute_or_empty(node, "content");
        m.published.offer(when.empty() ? text_of(node) : std::string(when), kItempropPublished);
      }
    }
    switch (tag) {
      case GUMBO_TAG_HTML:
        m.lang.offer(attribute_or_empty(node, "lang"), 0);
        if (m.lang.value.empty())
          m.lang.offer(attribute_or_empty(node, "xml:lang"), 0);
        break;
      case GUMBO_TAG_TITLE:
        if (m.title_tag.empty())
          m.title_tag = text_of(node);
        return false;
      case GUMBO_TAG_META:
        read_meta(node, m);
        break;
      case GUMBO_TAG_LINK:
        if (lower(attribute_or_empty(node, "rel")).find("canonical") != std::string::npos) {
          m.urls.emplace_back(0, collapse(attribute_or_empty(node, "href")));
        }
        break;
      case GUMBO_TAG_SCRIPT:
        if (lower(attribute_or_empty(node, "type")).find("ld+json") != std::string::npos) {
          std::string text;
          for (unsigned i = 0; i < node->v.element.children.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(node->v.element.children.data[i]);
            if (is_text(child))
              text += child->v.text.text;
          }
          m.json_ld.push_back(std::move(text));
        }
        return false;
      case GUMBO_TAG_STYLE:
        return false;
      case GUMBO_TAG_H1:
        if (in_body)
          m.title.offer(text_of(node), kH1);
        break;
      case GUMBO_TAG_ARTICLE:
        m.articles.push_back(node);
        break;
      case GUMBO_TAG_TIME: {
        const std::string_view when = attribute_or_empty(node, "datetime");
        if (!when.empty()) {
          // Within an <article> (looked for a bounded way up: nesting can be
          // arbitrarily deep).
          bool in_article = false;
          int up = 0;
          for (const GumboNode* p = node->parent; p && !in_article && up < 64;
               p = p->parent, ++up) {
            in_article = tag_of(p) == GUMBO_TAG_ARTICLE;
          }
          m.published.offer(when, attribute(node, "pubdate") ? kTimePubdate
                                  : in_article               ? kTimeInArticle
                                                             : kTime);
        }
        break;
      }
      default:
        break;
    }
    return true;
  });
  for (const std::string& text : m.json_ld)
    read_json_ld(text, m);
}

// ---------------------------------------------------------------------------
// Main text.

// Bytes of text under `node` outside links and furniture: what a reader
// would read there.
std::size_t own_text_bytes(const GumboNode* node) {
  std::size_t n = 0;
  const GumboVector* children = children_of(node);
  if (!children)
    return 0;
  for (unsigned i = 0; i < children->length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children->data[i]);
    if (child->type == GUMBO_NODE_TEXT) {
      for (const char* p = child->v.text.text; *p; ++p) {
        if (!is_space(static_cast<unsigned char>(*p)))
          ++n;
      }
    }
  }
  return n;
}

bool is_paragraph_tag(GumboTag tag) {
  return tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_BLOCKQUOTE ||
         tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_LI;
}

bool is_inline_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_U:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_BR:
      return true;
    default:
      return false;
  }
}

// The densest text block: every paragraph-like element (or text-bearing
// block) credits its non-link text to its container and half of it to the
// container's parent; the best-scored container wins, together with
// siblings that score at least a fifth of it (articles split into several
// <div>s of paragraphs).
std::vector<const GumboNode*> densest_blocks(const GumboNode* body) {
  // Scores in first-credited order, so ties go to the earlier block and the
  // result never depends on hashing.
  std::unordered_map<const GumboNode*, std::size_t> slot;
  std::vector<std::pair<const GumboNode*, double>> scores;
  auto credit = [&](const GumboNode* node, double s) {
    const auto [it, added] = slot.emplace(node, scores.size());
    if (added)
      scores.emplace_back(node, 0.0);
    scores[it->second].second += s;
  };
  walk(body, [&](const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT)
      return false;
    if (is_skipped(node))
      return false;
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_A)
      return false;
    // Text directly here and in inline children (not links).
    std::size_t text = own_text_bytes(node);
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT && is_inline_tag(child->v.element.tag) &&
          !is_skipped(child)) {
        text += own_text_bytes(child);
      }
    }
    if (text < 25)
      return true;
    const GumboNode* container = is_paragraph_tag(tag) && node->parent ? node->parent : node;
    credit(container, static_cast<double>(text));
    if (container->parent && container->parent->type == GUMBO_NODE_ELEMENT) {
      credit(container->parent, static_cast<double>(text) / 2);
    }
    return !is_paragraph_tag(tag);
  });
  const GumboNode* best = nullptr;
  double best_score = 0;
  for (const auto& [node, s] : scores) {
    if (s > best_score) {
      best = node;
      best_score = s;
    }
  }
  if (!best)
    return {body};
  std::vector<const GumboNode*> out;
  const GumboNode* parent = best->parent;
  if (!parent || parent->type != GUMBO_NODE_ELEMENT)
    return {best};
  const GumboVector& siblings = parent->v.element.children;
  for (unsigned i = 0; i < siblings.length; ++i) {
    const auto* sibling = static_cast<const GumboNode*>(siblings.data[i]);
    if (sibling == best) {
      out.push_back(best);
      continue;
    }
    const auto it = slot.find(sibling);
    if (it != slot.end() && scores[it->second].second >= std::max(25.0, best_score / 5)) {
      out.push_back(sibling);
    }
  }
  return out;
}

// JSON-LD articleBody is plain text; its line breaks are paragraph breaks.
std::string paragraphs_of_plain_text(std::string_view text) {
  TextWriter w;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos)
      nl = text.size();
    w.text(text.substr(start, nl - start));
    w.request(TextWriter::kParagraph);
    start = nl + 1;
  }
  return std::move(w.str());
}

std::string choose_body(const GumboNode* root, const Metadata& m, std::size_t limit) {
  std::string dom;
  if (m.itemprop_body) {
    dom = render_text(m.itemprop_body, true, limit);
  } else if (!m.articles.empty()) {
    // The <article> with most text (a page of teasers has many small ones).
    for (const GumboNode* article : m.articles) {
      std::string text = render_text(article, true, limit);
      if (text.size() > dom.size())
        dom = std::move(text);
    }
  }
  std::string ld = m.ld_body.empty() ? "" : paragraphs_of_plain_text(m.ld_body);
  if (!dom.empty() && dom.size() >= 500 && ld.size() <= 2 * dom.size())
    return dom;
  // No <article>, a small one, or a fuller JSON-LD text: compare with the
  // densest block and take the fullest.
  const GumboNode* body = root;
  walk(root, [&body](const GumboNode* node) {
    if (tag_of(node) == GUMBO_TAG_BODY) {
      body = node;
      return false;
    }
    return node->type == GUMBO_NODE_DOCUMENT || tag_of(node) == GUMBO_TAG_HTML;
  });
  TextWriter w(limit);
  render(densest_blocks(body), true, w);
  std::string dense = std::move(w.str());
  if (!ld.empty() && ld.size() >= dom.size() && ld.size() >= dense.size() / 2)
    return ld;
  if (!dom.empty() && dom.size() >= dense.size() / 2)
    return dom;
  return dense;
}

// "Headline | Site" -> "Headline" when Site is the page's source.
std::string strip_site_suffix(const std::string& title, const std::string& source) {
  if (source.empty() || title.size() <= source.size() || !ends_with(title, source))
    return title;
  std::string_view head = std::string_view(title).substr(0, title.size() - source.size());
  for (std::string_view sep :
       {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 "}) {
    if (ends_with(head, sep) && head.size() > sep.size()) {
      return std::string(head.substr(0, head.size() - sep.size()));
    }
  }
  return title;
}

// An absolute http(s) URL for `href`, resolving "//host/..." and "/path"
// against `base`; "" for anything else.
std::string resolve_url(std::string_view href, std::string_view base) {
  if (starts_with_ci(href, "http://") || starts_with_ci(href, "https://"))
    return std::string(href);
  const std::size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos ||
      !(starts_with_ci(base, "http://") || starts_with_ci(base, "https://"))) {
    return "";
  }
  if (href.substr(0, 2) == "//")
    return std::string(base.substr(0, scheme_end + 1)) + std::string(href);
  if (!href.empty() && href[0] == '/') {
    const std::size_t path = base.find('/', scheme_end + 3);
    return std::string(base.substr(0, path)) + std::string(href);
  }
  return "";
}

// ---------------------------------------------------------------------------
// Before parsing: one linear scan over the markup that
//   - drops what gumbo would spend most of its time on and we never read:
//     the contents of <script> (except JSON-LD), <style> and <noscript>, and
//     comments (scripts are half of a typical news page's bytes);
//   - bounds nesting. gumbo checks "element in scope" by walking the stack of
//     open elements, so a page of N unclosed <div>s costs N^2 (200,000 of
//     them: a minute). Browsers cap the depth of the tree; so do we: the
//     depth is estimated from start and end tags (void elements, and those a
//     sibling closes implicitly such as <p> and <li>, do not count), and
//     start tags beyond kMaxNesting are dropped with their end tags. Their
//     text stays.
constexpr int kMaxNesting = 512;

bool lower_equals(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != lower_b[i])
      return false;
  }
  return true;
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> lower_names) {
  for (std::string_view n : lower_names) {
    if (lower_equals(name, n))
      return true;
  }
  return false;
}

// Tags that never hold the tags after them as children.
bool is_flat_tag(std::string_view name) {
  return is_one_of(name, {"area",   "base",     "br",       "col",     "embed",  "hr",     "img",
                          "input",  "link",     "meta",     "param",   "source", "track",  "wbr",
                          "p",      "li",       "dt",       "dd",      "tr",     "td",     "th",
                          "option", "optgroup", "rb",       "rt",      "rp",     "rtc",    "thead",
                          "tbody",  "tfoot",    "colgroup", "caption", "html",   "head",   "body",
                          "frame",  "keygen",   "basefont", "bgsound", "image",  "isindex"});
}

struct Prepared {
  std::string html;
  bool flattened = false;
};

Prepared prepare_markup(std::string_view html) {
  Prepared out;
  out.html.reserve(html.size());
  int depth = 0, dropped = 0;
  std::size_t kept_from = 0;  // start of the span not yet copied
  auto skip = [&](std::size_t from, std::size_t to) {
    out.html.append(html, kept_from, from - kept_from);
    kept_from = to;
  };
  // Position of the end tag "</name" at or after `from` (case-insensitive),
  // or the end of the input.
  auto end_tag = [&](std::size_t from, std::string_view name) {
    for (;;) {
      const std::size_t at = html.find("</", from);
      if (at == std::string_view::npos)
        return html.size();
      if (lower_equals(html.substr(at + 2, name.size()), name))
        return at;
      from = at + 2;
    }
  };
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size())
      break;
    i = lt + 1;
    if (html.compare(lt, 4, "<!--") == 0) {
      const std::size_t close = html.find("-->", lt + 4);
      i = close == std::string_view::npos ? html.size() : close + 3;
      skip(lt, i);
      continue;
    }
    const bool closing = html[i] == '/';
    std::size_t n = closing ? i + 1 : i;
    if (n >= html.size() || !std::isalpha(static_cast<unsigned char>(html[n])))
      continue;
    const std::size_t name_start = n;
    while (n < html.size() && (std::isalnum(static_cast<unsigned char>(html[n])) ||
                               html[n] == '-' || html[n] == ':')) {
      ++n;
    }
    const std::string_view name = html.substr(name_start, n - name_start);
    const std::size_t gt = html.find('>', n);
    const std::size_t tag_end = gt == std::string_view::npos ? html.size() : gt + 1;
    i = tag_end;
    if (is_flat_tag(name))
      continue;
    if (closing) {
      if (dropped > 0 && depth >= kMaxNesting) {
        --dropped;
        skip(lt, tag_end);
      } else if (depth > 0) {
        --depth;
      }
      continue;
    }
    if (gt != std::string_view::npos && gt > 0 && html[gt - 1] == '/')
      continue;  // <x/>
    if (lower_equals(name, "plaintext"))
      break;  // the rest is text
    if (is_one_of(name, {"script", "style", "noscript"})) {
      // Raw text up to the end tag: dropped, but JSON-LD is metadata we read.
      const std::string lower_name = lower(name);
      const std::size_t close = end_tag(tag_end, lower_name);
      const bool json_ld = lower_name == "script" &&
                           lower(html.substr(n, tag_end - n)).find("ld+json") != std::string::npos;
      if (!json_ld)
        skip(tag_end, close);
      i = close;
      continue;
    }
    if (is_one_of(name, {"textarea", "title", "xmp", "iframe", "noembed", "noframes"})) {
      i = end_tag(tag_end, lower(name));  // text, not markup; kept
      continue;
    }
    if (depth >= kMaxNesting) {
      ++dropped;
      out.flattened = true;
      skip(lt, tag_end);
      continue;
    }
    ++depth;
  }
  out.html.append(html, kept_from, html.size() - kept_from);
  return out;
}

}  // namespace

HtmlDocument extract_html(std::string_view bytes, const HtmlOptions& options) {
  HtmlDocument doc;
  DecodedText decoded = decode_html_bytes(bytes, options.transport_charset);
  doc.charset = decoded.charset;
  if (decoded.unknown_charset) {
    doc.warnings.push_back("unknown charset \"" + decoded.declared + "\", read as UTF-8");
  }
  if (decoded.repairs > 0) {
    doc.warnings.push_back((decoded.charset == "utf-8"
                                ? std::string("invalid UTF-8 repaired (")
                                : "undecodable " + decoded.charset + " bytes replaced (") +
                           std::to_string(decoded.repairs) +
                           (decoded.repairs == 1 ? " bad sequence)" : " bad sequences)"));
  }

  Prepared prepared = prepare_markup(decoded.text);
  decoded.text = std::move(prepared.html);
  if (prepared.flattened) {
    doc.warnings.push_back("HTML nested more than " + std::to_string(kMaxNesting) +
                           " elements deep; deeper start tags ignored");
  }

  Arena arena(std::clamp<std::size_t>(decoded.text.size(), 64 * 1024, 4 * 1024 * 1024));
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.allocator = arena_allocate;
  gumbo_options.deallocator = arena_free;
  gumbo_options.userdata = &arena;
  gumbo_options.max_errors = 0;  // parse errors are normal on the web; do not record them
  // The arena owns every byte of the output: no gumbo_destroy_output.
  const GumboOutput* output =
      gumbo_parse_with_options(&gumbo_options, decoded.text.data(), decoded.text.size());
  if (!output || !output->document)
    return doc;

  Metadata m;
  collect_metadata(output->document, m);
  doc.source = m.source.value;
  doc.title = m.title.value;
  if (m.title.rank > 3 && !m.title_tag.empty()) {
    doc.title = strip_site_suffix(m.title_tag, doc.source);
  }
  doc.published = m.published.value;
  std::stable_sort(m.urls.begin(), m.urls.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string base(options.base_url);
  if (base.empty()) {
    for (const auto& [rank, url] : m.urls) {
      if (!resolve_url(url, "").empty()) {
        base = url;
        break;
      }
    }
  }
  for (const auto& [rank, url] : m.urls) {
    doc.url = resolve_url(url, base);
    if (!doc.url.empty())
      break;
  }
  doc.lang = m.lang.value;
  std::replace(doc.lang.begin(), doc.lang.end(), '_', '-');
  doc.author = m.author.value;
  doc.body = choose_body(output->document, m, options.max_text_bytes);
  // The headline often opens the article element; it is the title, not text.
  if (!doc.title.empty() && doc.body.compare(0, doc.title.size(), doc.title) == 0 &&
      (doc.body.size() == doc.title.size() || doc.body[doc.title.size()] == '\n')) {
    const std::size_t text = doc.body.find_first_not_of('\n', doc.title.size());
    doc.body.erase(0, text == std::string::npos ? doc.body.size() : text);
  }
  return doc;
}

}  // namespace dossier::index
