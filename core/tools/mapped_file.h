#pragma once
// A read-only memory map of a whole file, for tools that walk segment and index
// files without copying them into memory (a segment can be a gigabyte).

#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace odradek::tools {

class mapped_file {
public:
    static result<mapped_file> open(const std::string& path);
    mapped_file(mapped_file&& o) noexcept;
    mapped_file& operator=(mapped_file&& o) noexcept;
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    ~mapped_file();

    byte_span bytes() const { return {data_, size_}; }

private:
    mapped_file(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace odradek::tools
