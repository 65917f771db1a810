#include "broker/kafka_error.h"

#include "broker/errc.h"
#include "storage/errc.h"

namespace odradek::broker {

protocol::error_code to_error_code(const error& e) noexcept {
    using protocol::error_code;
    if (e.code.category() == storage::storage_category()) {
        switch (storage::errc(e.code.value())) {
            case storage::errc::corrupt_message: return error_code::corrupt_message;
            case storage::errc::invalid_record:
            case storage::errc::unsupported_magic: return error_code::invalid_record;
            case storage::errc::record_too_large: return error_code::message_too_large;
            case storage::errc::record_set_too_large: return error_code::record_list_too_large;
            case storage::errc::offset_out_of_range: return error_code::offset_out_of_range;
            case storage::errc::invalid_argument: return error_code::unknown_server_error;
            default: return error_code::kafka_storage_error;  // I/O, offline log, corrupt files
        }
    }
    if (e.code.category() == broker_category()) {
        switch (errc(e.code.value())) {
            case errc::inconsistent_topic_id: return error_code::inconsistent_topic_id;
            case errc::io: return error_code::kafka_storage_error;
            default: return error_code::unknown_server_error;
        }
    }
    return error_code::unknown_server_error;
}

kafka_error to_kafka_error(const error& e) { return {to_error_code(e), e.message()}; }

}  // namespace odradek::broker
