#pragma once
// Test helper (tests only): our coordination server in-process, on 127.0.0.1
// with a free port, in a fresh temp dir, run by its own io thread.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <thread>

#include <asio.hpp>
#include <spdlog/logger.h>

#include "coordination/client/sync_client.h"
#include "coordination/server.h"

namespace odradek::coordination::testing {

struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("odradek-zkclient-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

class test_server {
public:
    // port 0: any free port. tickTime 1000 ms: session timeouts 2..20 s (long, so
    // that a loaded test machine does not lose connections to read timeouts).
    explicit test_server(const std::filesystem::path& dir, uint16_t port = 0) {
        server_config cfg;
        cfg.data_dir = dir.string();
        cfg.client_port = port;
        cfg.client_port_address = "127.0.0.1";
        cfg.tick_time = 1000;
        cfg.max_client_cnxns = 0;
        server_ = std::make_unique<zk_server>(io_, cfg, std::make_shared<spdlog::logger>("zk-test"));
        auto st = server_->start();
        REQUIRE_MESSAGE(st.has_value(), (st ? "" : st.err().message()));
        port_ = server_->port();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~test_server() {
        asio::post(io_, [this] {
            server_->stop();
            io_.stop();
        });
        thread_.join();
        server_.reset();
    }
    uint16_t port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

private:
    asio::io_context io_;
    std::unique_ptr<zk_server> server_;
    std::thread thread_;
    uint16_t port_ = 0;
};

// Where a client test runs: our server in-process (the default), or, when the
// environment names one in ODRADEK_ZK_CONNECT (host:port), that server (the
// interop test points it at Apache ZooKeeper). On an external server each target
// gets a fresh znode and address() chroots into it, so tests see an empty tree.
class zk_target {
public:
    zk_target() {
        const char* ext = std::getenv("ODRADEK_ZK_CONNECT");
        if (ext && *ext) {
            std::random_device rd;
            std::string root = "/odradek-client-test-" + std::to_string(rd()) + std::to_string(rd());
            client_options o;
            o.connect = ext;
            o.session_timeout_ms = 10000;
            auto c = sync_client::open(std::move(o));
            REQUIRE(c);
            REQUIRE((*c)->wait_connected(std::chrono::seconds(20)));
            REQUIRE((*c)->create(root, nullptr, open_acl_unsafe()));
            address_ = std::string(ext) + root;
            external_ = true;
            return;
        }
        dir_ = std::make_unique<temp_dir>();
        server_ = std::make_unique<test_server>(dir_->path);
        address_ = server_->address();
    }
    const std::string& address() const { return address_; }
    bool external() const { return external_; }

private:
    std::unique_ptr<temp_dir> dir_;
    std::unique_ptr<test_server> server_;
    std::string address_;
    bool external_ = false;
};

}  // namespace odradek::coordination::testing
