#pragma once
// What a handler gives the connection to send back: one response frame whose
// record sets may live in log segment files (Fetch). The frame's bytes are in
// `frame`; each splice says where in it a run of file ranges goes. The size
// prefix already counts the spliced bytes (protocol/message.h).

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "protocol/message.h"
#include "protocol/writer.h"
#include "storage/segment.h"

namespace odradek::broker {

struct splice {
    size_t position = 0;                       // offset in response::frame
    std::vector<storage::file_slice> slices;  // sent in order at that point
};

struct response {
    byte_buffer frame;
    std::vector<splice> splices;  // ascending positions
    // False for a request that gets no answer (Produce with acks=0).
    bool send = true;
    // Close the connection instead of answering (a request body that does not
    // parse: Kafka's InvalidRequestException closes the channel).
    bool close = false;

    static response none() {
        response r;
        r.send = false;
        return r;
    }
    static response close_connection() {
        response r;
        r.send = false;
        r.close = true;
        return r;
    }
};

// Hands out placeholder spans for record sets that stay in files, and turns
// them into splices when the response is encoded. Placeholders are addresses
// of this object's own tokens, so they cannot collide with real record bytes.
class file_records_splicer final : public protocol::records_splicer {
public:
    explicit file_records_splicer(size_t max_placeholders)
        : tokens_(std::make_unique<uint8_t[]>(max_placeholders)), capacity_(max_placeholders) {}

    // A span to put in a `records` field standing for `slices` (total `bytes`).
    // At most max_placeholders per splicer (an invariant of the caller).
    byte_span placeholder(std::vector<storage::file_slice> slices, int64_t bytes) {
        size_t i = entries_.size();
        assert(i < capacity_);
        entries_.push_back({std::move(slices), bytes, false});
        total_ += bytes;
        return byte_span(&tokens_[i], 1);
    }
    int64_t total_bytes() const noexcept { return total_; }
    size_t capacity() const noexcept { return capacity_; }
    size_t size() const noexcept { return entries_.size(); }

    std::optional<int64_t> placeholder_size(byte_span records) const override {
        auto i = index_of(records);
        if (!i) return std::nullopt;
        return entries_[*i].bytes;
    }
    void place(byte_span records, size_t position) override {
        auto i = index_of(records);
        if (!i) return;
        entries_[*i].placed = true;
        placed_.push_back({position, std::move(entries_[*i].slices)});
    }
    // The splices, in buffer order, once the response is encoded.
    std::vector<splice> take_splices() { return std::move(placed_); }

private:
    std::optional<size_t> index_of(byte_span records) const {
        if (records.size() != 1) return std::nullopt;
        const uint8_t* p = records.data();
        std::less<const uint8_t*> before;
        if (before(p, tokens_.get()) || !before(p, tokens_.get() + entries_.size())) return std::nullopt;
        return size_t(p - tokens_.get());
    }

    struct entry {
        std::vector<storage::file_slice> slices;
        int64_t bytes = 0;
        bool placed = false;
    };
    std::unique_ptr<uint8_t[]> tokens_;
    size_t capacity_;
    std::vector<entry> entries_;
    std::vector<splice> placed_;
    int64_t total_ = 0;
};

// The response frame for message `m`.
template <typename M>
response make_response(int32_t correlation_id, const M& m, int16_t version) {
    response r;
    protocol::append_response_frame(correlation_id, m, version, r.frame);
    return r;
}

// The same with record sets that stay in files.
template <typename M>
response make_response(int32_t correlation_id, const M& m, int16_t version, file_records_splicer& splicer) {
    response r;
    protocol::append_response_frame(correlation_id, m, version, r.frame, splicer, splicer.total_bytes());
    r.splices = splicer.take_splices();
    return r;
}

}  // namespace odradek::broker
