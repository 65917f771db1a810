#pragma once
// kafka_cli: Kafka's command-line conventions (jopt-simple, as every Kafka 3.7
// tool behaves) on top of CLI11, so each apps/<tool>.cc only declares flags.
//
//  - no arguments or --help: the tool's description and the option table on
//    stderr, exit 1 (as Kafka's CommandLineUtils.printUsageAndExit);
//  - --version: the Kafka version we mirror on stdout, exit 0;
//  - a bad flag, a missing required option or a bad number: one line naming the
//    problem, then the option table, on stderr, exit 1.
//
// The option table is laid out like jopt-simple's: "Option / Description"
// columns, sorted by name, `<Type: what>` after options that take a value and
// `(default: x)` after descriptions.

#include <CLI/CLI.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace odradek::cli {

// The Kafka release whose tools we mirror, printed by --version.
inline constexpr const char* kKafkaVersion = "3.7.0";

class kafka_cli {
public:
    kafka_cli(std::string tool, std::string description);

    // A flag without a value.
    void flag(const std::string& name, bool& target, const std::string& help);
    // An option with a value. `what` describes the value (`file1, file2, ...`),
    // `type` is jopt's type name (String, Integer, Long, Double).
    template <typename T>
    void option(const std::string& name, T& target, const std::string& help, const std::string& what,
                const std::string& type = "String", bool required = false, bool show_default = false) {
        auto* opt = app_.add_option("--" + name, target, help);
        if (show_default) opt->capture_default_str();
        add_row(name, help, what, type, required, show_default ? opt->get_default_str() : std::string());
    }
    // An option whose value may be left out (jopt's withOptionalArg):
    // "--name" alone gives `target` the empty string. Shown as [Type: what].
    void optional_value_option(const std::string& name, std::string& target, const std::string& help,
                               const std::string& what);
    // A repeatable option collecting every value.
    void multi_option(const std::string& name, std::vector<std::string>& target, const std::string& help,
                      const std::string& what);

    // Parses argv. Returns an exit code when the tool must stop now (help,
    // version, usage error), or nullopt to go on.
    std::optional<int> parse(int argc, char** argv, std::ostream& out, std::ostream& err);

    // Was the option given on the command line?
    bool has(const std::string& name) const;

    // Prints `message`, then the option table, to `err`; returns 1 for the caller to exit with.
    int usage_error(std::ostream& err, const std::string& message) const;
    void print_options(std::ostream& os) const;

private:
    struct row {
        std::string name, help, what, type, default_value;
        bool required;
        bool optional_arg = false;  // jopt prints [Type: what] instead of <Type: what>
    };
    void add_row(const std::string& name, const std::string& help, const std::string& what, const std::string& type,
                 bool required, std::string default_value);

    std::string tool_;
    std::string description_;
    CLI::App app_;
    std::vector<row> rows_;
    bool help_ = false;
    bool version_ = false;
};

}  // namespace odradek::cli
