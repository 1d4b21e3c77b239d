#include "analysis/stored_data.h"

#include <zdict.h>
#include <zstd.h>

namespace dossier::analysis {
namespace {

// 256 KB: on KCNA, 112 KB stored 0.6 MB more of articles; more than 256 KB
// gained little and costs every index (and every reader) the bytes.
constexpr std::size_t kDictionaryBytes = 256 * 1024;
// zstd level 3 (its default) compressed KCNA's articles in 0.13 s of one
// core, level 6 in 0.41 s for 8% less: a tenth of a second on two cores
// for 0.9 MB.
constexpr int kLevel = 6;

}  // namespace

struct DataDictionary::Handles {
  ZSTD_CDict* cdict = nullptr;
  ZSTD_DDict* ddict = nullptr;
  ~Handles() {
    ZSTD_freeCDict(cdict);
    ZSTD_freeDDict(ddict);
  }
};

DataDictionary::~DataDictionary() = default;

std::shared_ptr<const DataDictionary> DataDictionary::train(
    const std::vector<std::string>& samples) {
  if (samples.size() < kMinSamples)
    return nullptr;
  std::string joined;
  std::vector<std::size_t> sizes;
  sizes.reserve(samples.size());
  for (const std::string& s : samples) {
    joined += s;
    sizes.push_back(s.size());
  }
  std::string dict(kDictionaryBytes, '\0');
  const std::size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), joined.data(), sizes.data(),
                                              static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(n))
    return nullptr;
  dict.resize(n);
  return load(std::move(dict));
}

std::shared_ptr<const DataDictionary> DataDictionary::load(std::string bytes) {
  const unsigned id = ZDICT_getDictID(bytes.data(), bytes.size());
  if (id == 0)
    return nullptr;
  std::shared_ptr<DataDictionary> d(new DataDictionary());
  d->bytes_ = std::move(bytes);
  d->id_ = id;
  d->handles_ = std::make_unique<Handles>();
  d->handles_->cdict = ZSTD_createCDict(d->bytes_.data(), d->bytes_.size(), kLevel);
  d->handles_->ddict = ZSTD_createDDict(d->bytes_.data(), d->bytes_.size());
  if (d->handles_->cdict == nullptr || d->handles_->ddict == nullptr)
    return nullptr;
  return d;
}

DataDictionary::Context::Context() : cctx_(ZSTD_createCCtx()) {}
DataDictionary::Context::~Context() {
  ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_));
}

void DataDictionary::compress(std::string_view data, Context& context, std::string* out) const {
  out->resize(ZSTD_compressBound(data.size()));
  const std::size_t n =
      ZSTD_compress_usingCDict(static_cast<ZSTD_CCtx*>(context.cctx_), out->data(), out->size(),
                               data.data(), data.size(), handles_->cdict);
  // Only a too-small destination fails, and compressBound rules that out;
  // store the record plain rather than lose it all the same.
  if (ZSTD_isError(n)) {
    out->assign(data);
    return;
  }
  out->resize(n);
}

Result<std::string> DataDictionary::decompress(std::string_view frame) const {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 31)) {
    return Status::corrupt("a stored article's compressed frame is damaged");
  }
  std::string out(static_cast<std::size_t>(size), '\0');
  // One context per thread, kept: making one allocates and clears about
  // 100 KB, which cost more than the decompression of a shown hit.
  struct Context {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Context() { ZSTD_freeDCtx(dctx); }
  };
  thread_local Context context;
  const std::size_t n = ZSTD_decompress_usingDDict(context.dctx, out.data(), out.size(),
                                                   frame.data(), frame.size(), handles_->ddict);
  if (ZSTD_isError(n) || n != out.size()) {
    return Status::corrupt(std::string("a stored article does not decompress: ") +
                           (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame"));
  }
  return out;
}

bool is_compressed_data(std::string_view data) {
  // zstd's frame magic number, 0xFD2FB528 little-endian. A JSON record
  // starts with '{'.
  return data.size() >= 4 && static_cast<unsigned char>(data[0]) == 0x28 &&
         static_cast<unsigned char>(data[1]) == 0xB5 &&
         static_cast<unsigned char>(data[2]) == 0x2F && static_cast<unsigned char>(data[3]) == 0xFD;
}

std::uint32_t data_dictionary_id(std::string_view frame) {
  return ZSTD_getDictID_fromFrame(frame.data(), frame.size());
}

}  // namespace dossier::analysis
