// libFuzzer target: what the client reads from a server or a user. The first
// byte picks the decoder: a MultiResponse body, a ConnectResponse, a reply
// header with a watcher event, a connect string, or a shell command line.
#include <cstddef>
#include <cstdint>
#include <string>

#include "coordination/client/connect_string.h"
#include "coordination/client/shell.h"
#include "coordination/client/sync_client.h"
#include "coordination/jute.h"
#include "coordination/messages.h"

using namespace odradek;
using namespace odradek::coordination;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    byte_span in(data + 1, size - 1);
    std::string text(reinterpret_cast<const char*>(in.data()), in.size());
    switch (data[0] % 5) {
        case 0: {
            connect_string chroot;
            chroot.chroot = "/c";
            auto r = decode_multi_response(in, chroot, "/p");
            if (r) {
                for (const auto& op : *r) (void)op.path.size();
            }
            break;
        }
        case 1: {
            jute_reader r(in);
            connect_response c;
            read_connect_response(r, c);
            break;
        }
        case 2: {
            jute_reader r(in);
            reply_header h;
            read_reply_header(r, h);
            watcher_event ev;
            read_watcher_event(r, ev);
            break;
        }
        case 3: {
            auto cs = parse_connect_string(text);
            if (cs) (void)cs->to_client(cs->to_server("/x"));
            break;
        }
        case 4: (void)split_command_line(text); break;
    }
    return 0;
}
