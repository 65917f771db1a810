#pragma once
// Helpers shared by this module's tests only.

#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "record/batch_view.h"

namespace odradek::record::testing {

inline byte_span bytes_of(std::string_view s) { return as_bytes(s); }
inline std::string str(byte_span b) { return std::string(as_chars(b)); }

// A record copied out of a view, for comparisons.
struct owned_record {
    int64_t offset_delta = 0;
    int64_t timestamp_delta = 0;
    std::optional<std::string> key, value;
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;
};

inline std::optional<std::string> opt_str(const std::optional<byte_span>& b) {
    if (!b) return std::nullopt;
    return str(*b);
}

// Validates `batch` and returns all its records, or the first error.
inline result<std::vector<owned_record>> read_all(byte_span batch, size_t max = kDefaultMaxDecompressed) {
    ODRADEK_TRY_ASSIGN(batch_view v, batch_view::parse(batch));
    byte_buffer scratch;
    validate_options o;
    o.max_decompressed = max;
    ODRADEK_TRY(v.validate(scratch, o));
    ODRADEK_TRY_ASSIGN(record_iterator it, v.records(scratch, max));
    std::vector<owned_record> out;
    record_view r;
    while (it.next(r)) {
        owned_record o2{r.offset_delta, r.timestamp_delta, opt_str(r.key), opt_str(r.value), {}};
        for (const header& h : r.headers) o2.headers.emplace_back(std::string(h.key), opt_str(h.value));
        out.push_back(std::move(o2));
    }
    ODRADEK_TRY(it.result());
    return out;
}

}  // namespace odradek::record::testing
