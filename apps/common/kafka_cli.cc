#include "common/kafka_cli.h"

#include <algorithm>
#include <sstream>

namespace odradek::cli {

namespace {

constexpr size_t kOptionColumn = 39;
constexpr size_t kDescriptionWidth = 39;

// Greedy word wrap; continuation lines are indented by two spaces as jopt does.
std::vector<std::string> wrap(const std::string& text, size_t width) {
    std::vector<std::string> lines;
    std::istringstream words(text);
    std::string word, line;
    while (words >> word) {
        size_t limit = lines.empty() ? width : width - 2;
        if (!line.empty() && line.size() + 1 + word.size() > limit) {
            lines.push_back(line);
            line.clear();
        }
        line += line.empty() ? word : " " + word;
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    for (size_t i = 1; i < lines.size(); ++i) lines[i] = "  " + lines[i];
    return lines;
}

// CLI11's wording of a parse error, rephrased as jopt-simple words it, so scripts
// and users see what they would see from Kafka's tools.
std::string jopt_message(const CLI::ParseError& e) {
    std::string what = e.what();
    auto after = [&](const std::string& marker) {
        size_t at = what.find(marker);
        return at == std::string::npos ? std::string() : what.substr(at + marker.size());
    };
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
        std::string extras = after(":");
        std::istringstream words(extras);
        std::string first;
        words >> first;
        if (first.rfind("-", 0) == 0) {
            while (!first.empty() && first.front() == '-') first.erase(0, 1);
            return first + " is not a recognized option";
        }
        return "Found non-option arguments:" + extras;
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
        std::string opt = what.substr(0, what.find(':'));
        while (!opt.empty() && opt.front() == '-') opt.erase(0, 1);
        return "Option " + opt + " requires an argument";
    }
    if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
        std::string rest = after("Could not convert: ");
        size_t eq = rest.find(" = ");
        if (eq != std::string::npos) {
            std::string opt = rest.substr(0, eq);
            while (!opt.empty() && opt.front() == '-') opt.erase(0, 1);
            return "Cannot parse argument '" + rest.substr(eq + 3) + "' of option " + opt;
        }
    }
    return what;
}

}  // namespace

kafka_cli::kafka_cli(std::string tool, std::string description)
    : tool_(std::move(tool)), description_(std::move(description)), app_(description_, tool_) {
    app_.set_help_flag();  // we print jopt-style help ourselves
    app_.add_flag("--help", help_, "Print usage information.");
    app_.add_flag("--version", version_, "Display Kafka version.");
    add_row("help", "Print usage information.", "", "", false, "");
    add_row("version", "Display Kafka version.", "", "", false, "");
}

void kafka_cli::flag(const std::string& name, bool& target, const std::string& help) {
    app_.add_flag("--" + name, target, help);
    add_row(name, help, "", "", false, "");
}

void kafka_cli::optional_value_option(const std::string& name, std::string& target, const std::string& help,
                                      const std::string& what) {
    app_.add_option("--" + name, target, help)->expected(0, 1);
    add_row(name, help, what, "String", false, "");
    rows_.back().optional_arg = true;
}

void kafka_cli::multi_option(const std::string& name, std::vector<std::string>& target, const std::string& help,
                             const std::string& what) {
    app_.add_option("--" + name, target, help)->take_all()->allow_extra_args(false);
    add_row(name, help, what, "String", false, "");
}

void kafka_cli::add_row(const std::string& name, const std::string& help, const std::string& what,
                        const std::string& type, bool required, std::string default_value) {
    rows_.push_back({name, help, what, type, std::move(default_value), required});
}

bool kafka_cli::has(const std::string& name) const {
    const CLI::Option* opt = app_.get_option_no_throw("--" + name);
    return opt != nullptr && opt->count() > 0;
}

void kafka_cli::print_options(std::ostream& os) const {
    std::vector<row> sorted = rows_;
    std::sort(sorted.begin(), sorted.end(), [](const row& a, const row& b) { return a.name < b.name; });
    auto pad = [](const std::string& s) { return s.size() < kOptionColumn ? s + std::string(kOptionColumn - s.size(), ' ') : s + " "; };
    os << pad("Option") << "Description\n" << pad("------") << "-----------\n";
    for (const row& r : sorted) {
        std::string left = "--" + r.name;
        if (!r.what.empty() || !r.type.empty()) {
            std::string spec = r.type + (r.what.empty() ? "" : ": " + r.what);
            left += r.optional_arg ? " [" + spec + "]" : " <" + spec + ">";
        }
        std::string help = r.help;
        if (!r.default_value.empty()) help += " (default: " + r.default_value + ")";
        std::vector<std::string> lhs = wrap(left, kOptionColumn - 2);
        std::vector<std::string> rhs = wrap(help, kDescriptionWidth);
        size_t n = std::max(lhs.size(), rhs.size());
        for (size_t i = 0; i < n; ++i) {
            std::string l = i < lhs.size() ? lhs[i] : "";
            std::string rr = i < rhs.size() ? rhs[i] : "";
            std::string line = rr.empty() ? l : pad(l) + rr;
            while (!line.empty() && line.back() == ' ') line.pop_back();
            os << line << '\n';
        }
    }
}

int kafka_cli::usage_error(std::ostream& err, const std::string& message) const {
    err << message << '\n';
    print_options(err);
    return 1;
}

std::optional<int> kafka_cli::parse(int argc, char** argv, std::ostream& out, std::ostream& err) {
    if (argc <= 1) return usage_error(err, description_);
    try {
        app_.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return usage_error(err, tool_ + ": " + jopt_message(e));
    }
    if (help_) return usage_error(err, description_);
    if (version_) {
        out << kKafkaVersion << " (Odradek " << ODRADEK_VERSION << ")\n";
        return 0;
    }
    for (const row& r : rows_) {
        if (r.required && !has(r.name)) return usage_error(err, "Missing required argument \"[" + r.name + "]\"");
    }
    return std::nullopt;
}

}  // namespace odradek::cli
