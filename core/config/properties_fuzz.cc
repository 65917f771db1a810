// libFuzzer target: arbitrary bytes as a properties file, then as a broker
// config and as topic overrides. Nothing may crash, leak or trip a sanitizer;
// errors are expected and ignored.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/broker_config.h"
#include "config/properties.h"
#include "config/topic_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace odradek::config;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto props = parse_properties(text, "fuzz");
    if (!props) return 0;
    if (!props->contains("zookeeper.connect")) props->set("zookeeper.connect", "localhost:2181");
    auto broker = broker_config::create(*props);
    (void)validate_topic_overrides(*props);
    if (broker) {
        (void)describe_broker_config(*broker, true);
        properties overrides;
        for (const auto& [k, v] : *props) {
            if (topic_config_def().find(k) != nullptr) overrides.set(k, v);
        }
        auto topic = topic_config::resolve(*broker, overrides);
        if (topic) {
            (void)topic->describe();
            (void)topic->log_values();
        }
    }
    return 0;
}
