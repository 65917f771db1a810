#pragma once
// A blocking facade over zk_client for tools and tests: it owns an io_context
// and the one thread that runs it; each call submits a request and waits for its
// reply. Calls may come from any thread except the client's own (a watcher or
// session callback must not call back into the client: it would wait forever).
//
// Errors are result<> errors of zk_category() (zk_errc.h) whose detail is the
// client path of the request, e.g. {zk_error::no_node, "/brokers"}.
// Paths are client paths: the connect string's chroot is added on the way out
// and stripped from created paths and watch events on the way back.
//
// Watches: a `watch_with` of std::nullopt sets no watch; an empty function sets
// one for the default watcher; any other function is called once, on the
// client's thread, when the watch fires.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "base/result.h"
#include "coordination/client/zk_client.h"
#include "coordination/messages.h"

namespace odradek::coordination {

using watch_with = std::optional<watcher_fn>;

struct node_data {
    byte_buffer data;
    bool is_null = false;  // the znode's data is null (not just empty)
    zk_stat stat;
};

struct children_result {
    std::vector<std::string> children;  // in the server's order
    zk_stat stat;                       // getChildren2 only
};

struct acl_result {
    acl_list acl;
    zk_stat stat;
};

// One operation of a multi() and its result.
struct multi_request_op {
    int32_t type = 0;  // op::create, create2, remove, set_data, check
    std::string path;
    byte_buffer data;
    acl_list acl;
    int32_t flags = 0;     // create mode
    int32_t version = -1;  // remove, set_data, check
};
struct multi_result_op {
    int32_t type = 0;  // the op's type, or op::error
    int32_t err = 0;   // zk_error value for an error result
    std::string path;  // create
    zk_stat stat;      // create2, set_data
};

// world:anyone with every permission (ZooDefs.Ids.OPEN_ACL_UNSAFE).
acl_list open_acl_unsafe();

// Decodes a MultiResponse body (created paths made client paths with `target`);
// zk_error::marshalling_error naming `path` when the bytes are not one.
result<std::vector<multi_result_op>> decode_multi_response(byte_span body, const connect_string& target,
                                                           const std::string& path);

class sync_client {
public:
    // Starts connecting in the background; use wait_connected() to wait.
    static result<std::unique_ptr<sync_client>> open(client_options opts);
    ~sync_client();
    sync_client(const sync_client&) = delete;
    sync_client& operator=(const sync_client&) = delete;

    // True once the session is connected; false after `timeout` or on expiry,
    // and, with give_up_on_failure, as soon as a connection attempt has failed.
    bool wait_connected(std::chrono::milliseconds timeout, bool give_up_on_failure = false);
    // Closes the session (CloseSession) and stops the client thread. Idempotent.
    void close();

    // Returns the created path (with a sequence suffix for sequential modes).
    result<std::string> create(const std::string& path, const byte_buffer* data, const acl_list& acl,
                               int32_t mode = create_mode::persistent);
    result<std::pair<std::string, zk_stat>> create2(const std::string& path, const byte_buffer* data,
                                                    const acl_list& acl, int32_t mode = create_mode::persistent);
    status remove(const std::string& path, int32_t version = -1);
    // nullopt when the node does not exist (an exist watch is then set if asked).
    result<std::optional<zk_stat>> exists(const std::string& path, watch_with watch = std::nullopt);
    result<node_data> get_data(const std::string& path, watch_with watch = std::nullopt);
    result<zk_stat> set_data(const std::string& path, const byte_buffer& data, int32_t version = -1);
    result<children_result> get_children(const std::string& path, watch_with watch = std::nullopt,
                                         bool with_stat = false);
    // The multi's results in order; the transaction failed when any has type op::error.
    result<std::vector<multi_result_op>> multi(const std::vector<multi_request_op>& ops);
    result<std::string> sync(const std::string& path);
    result<acl_result> get_acl(const std::string& path);
    result<zk_stat> set_acl(const std::string& path, const acl_list& acl, int32_t version = -1);

    zk_client& client() noexcept { return *client_; }

private:
    byte_buffer create_body(const std::string& path, const byte_buffer* data, const acl_list& acl,
                            int32_t mode) const;
    sync_client() = default;
    result<raw_reply> call(int32_t op, byte_buffer body, watch_request watch);

    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    std::shared_ptr<zk_client> client_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool connected_ = false;
    bool expired_ = false;
    bool attempt_failed_ = false;
    bool closed_ = false;
};

}  // namespace odradek::coordination
