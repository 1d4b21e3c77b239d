// LiveTable: the articles a bulk build has written so far, by id, in 24 bytes
// each: which id (a 64-bit key plus a 24-bit check, so two ids are confused
// with probability 2^-88), the hash of the content stored for it, and where
// it is (its number among the documents the build wrote). It is what a bulk
// build asks instead of the index, which it does not write until it
// installs: "is this id indexed, with this content?".
//
// Open addressing with linear probing and backward-shift deletion; the table
// doubles at 70% load, so memory is about 34 bytes per live article.
//
// Thread-safety: none; the Indexer uses it from the calling thread only.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace dossier::index {

/// A 64-bit key and a 24-bit check of an article id, from two independent
/// hashes.
struct IdKey {
  std::uint64_t key = 0;
  std::uint32_t check = 0;
};

inline IdKey id_key(std::string_view id) {
  // FNV-1a, then a SplitMix64 finaliser so ids that differ in one character
  // ("a1", "a2") spread over the whole table.
  std::uint64_t h = 1469598103934665603ULL;
  std::uint32_t c = 2166136261u;  // FNV-1a 32 over the reversed id: independent enough
  for (unsigned char ch : id) {
    h = (h ^ ch) * 1099511628211ULL;
  }
  for (auto it = id.rbegin(); it != id.rend(); ++it) {
    c = (c ^ static_cast<unsigned char>(*it)) * 16777619u;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return IdKey{h == 0 ? 1 : h, c & 0xFFFFFF};
}

class LiveTable {
 public:
  struct Entry {
    std::uint64_t content = 0;  ///< content hash of the stored version
    std::uint64_t doc = 0;      ///< its number among the build's documents
  };

  /// The entry of `id`, or nullptr. Valid until the next put() or erase().
  const Entry* find(const IdKey& id) const {
    if (size_ == 0) return nullptr;
    for (std::size_t i = id.key & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == 0) return nullptr;
      if (s.key == id.key && (s.packed & 0xFFFFFF) == id.check) {
        found_ = Entry{s.content, s.packed >> 24};
        return &found_;
      }
    }
  }

  void put(const IdKey& id, std::uint64_t content, std::uint64_t doc) {
    if ((size_ + 1) * 10 > slots_.size() * 7) grow();
    for (std::size_t i = id.key & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.key == 0) {
        s = Slot{id.key, content, (doc << 24) | id.check};
        ++size_;
        return;
      }
      if (s.key == id.key && (s.packed & 0xFFFFFF) == id.check) {
        s.content = content;
        s.packed = (doc << 24) | id.check;
        return;
      }
    }
  }

  /// Removes `id`; false if it was not there.
  bool erase(const IdKey& id) {
    if (size_ == 0) return false;
    std::size_t i = id.key & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key == 0) return false;
      if (s.key == id.key && (s.packed & 0xFFFFFF) == id.check) break;
    }
    // Backward-shift: move later members of the probe run into the hole.
    std::size_t hole = i;
    for (std::size_t j = (hole + 1) & mask_; slots_[j].key != 0; j = (j + 1) & mask_) {
      const std::size_t home = slots_[j].key & mask_;
      if (((j - home) & mask_) >= ((j - hole) & mask_)) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = Slot{};
    --size_;
    return true;
  }

  std::size_t size() const { return size_; }

  void clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;  // 0: empty
    std::uint64_t content = 0;
    std::uint64_t packed = 0;  // doc << 24 | check
  };

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      for (std::size_t i = s.key & mask_;; i = (i + 1) & mask_) {
        if (slots_[i].key == 0) {
          slots_[i] = s;
          ++size_;
          break;
        }
      }
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  mutable Entry found_;
};

}  // namespace dossier::index
