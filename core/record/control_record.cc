#include "record/control_record.h"

namespace odradek::record {

result<control_key> parse_control_key(std::optional<byte_span> key) {
    if (!key || key->size() < kControlKeySize) return error(errc::bad_record, "control record key too short");
    control_key k;
    k.version = load_be<int16_t>(key->data());
    if (k.version < 0) return error(errc::bad_record, "negative control record key version");
    k.type = control_type(load_be<int16_t>(key->data() + 2));
    return k;
}

result<end_txn_marker> parse_end_txn_marker(std::optional<byte_span> value) {
    if (!value || value->size() < kEndTxnMarkerSize) return error(errc::bad_record, "end txn marker too short");
    end_txn_marker m;
    m.version = load_be<int16_t>(value->data());
    if (m.version < 0) return error(errc::bad_record, "negative end txn marker version");
    m.coordinator_epoch = load_be<int32_t>(value->data() + 2);
    return m;
}

result<byte_buffer> build_end_txn_batch(batch_options opts, control_type type, int32_t coordinator_epoch,
                                        int64_t timestamp) {
    opts.control = true;
    opts.transactional = true;
    opts.codec = compression::none;
    uint8_t key[kControlKeySize];
    store_be<int16_t>(key, kControlKeyVersion);
    store_be<int16_t>(key + 2, int16_t(type));
    uint8_t value[kEndTxnMarkerSize];
    store_be<int16_t>(value, kEndTxnMarkerVersion);
    store_be<int32_t>(value + 2, coordinator_epoch);
    batch_builder b(opts);
    b.add(timestamp, byte_span(key), byte_span(value));
    return b.build();
}

}  // namespace odradek::record
