// Fuzzes the ZooKeeper request decoders and the engine behind them. The input is
// decoded directly as every record type the server reads (ConnectRequest, multi,
// SetWatches2, a logged txn, a snapshot), then split into packets (2-byte length
// prefixes) fed as requests of one connected session. Nothing may crash, read out
// of bounds or leak; a decoded txn must survive re-encoding unchanged.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "coordination/engine.h"
#include "coordination/jute.h"
#include "coordination/messages.h"
#include "coordination/snapshot.h"
#include "coordination/txn.h"
#include "coordination/zk_codes.h"

using namespace odradek;
using namespace odradek::coordination;

namespace {
class null_sink final : public output_sink {
public:
    void send(uint64_t, byte_buffer, int64_t) override {}
    void close_after_flush(uint64_t) override {}
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    byte_span in(data, size);
    {
        jute_reader r(in);
        connect_request c;
        read_connect_request(r, c);
    }
    {
        jute_reader r(in);
        std::vector<multi_op> ops;
        read_multi_request(r, ops);
    }
    {
        jute_reader r(in);
        set_watches_request s;
        read_set_watches(r, s, true);
    }
    {
        jute_reader r(in);
        txn_header h;
        txn t;
        read_txn(r, h, t);
        if (r.ok()) {
            // Null strings re-encode as empty ones, so compare two re-encodings.
            byte_buffer once;
            jute_writer w(once);
            write_txn(w, h, t);
            jute_reader r2(once);
            txn_header h2;
            txn t2;
            read_txn(r2, h2, t2);
            if (!r2.at_end()) std::abort();
            byte_buffer twice;
            jute_writer w2(twice);
            write_txn(w2, h2, t2);
            if (once != twice) std::abort();
        }
    }
    (void)decode_snapshot(in);

    null_sink sink;
    engine e(engine_options{}, sink, {1, 1});
    e.open_connection(1, "/127.0.0.1:1", {1, 1});
    connect_request c;
    c.timeout = 30000;
    c.passwd.assign(16, 0);
    e.on_connect(1, c, {1, 1});
    size_t pos = 0;
    int64_t now = 1;
    while (pos + 2 <= size) {
        size_t len = size_t(data[pos]) << 8 | data[pos + 1];
        pos += 2;
        len = std::min(len, size - pos);
        e.on_request(1, in.subspan(pos, len), {now, now});
        pos += len;
        now += 100;
        e.tick({now, now});
    }
    e.close_connection(1);
    return 0;
}
