#pragma once
// The console producer's LineMessageReader: one record per input line, with
// optional headers and key in front of the value:
//
//   parse.headers=true, parse.key=true:  "h1:v1,h2:v2<TAB>key<TAB>value"
//   parse.key=true:                      "key<TAB>value"
//   parse.headers=true:                  "h1:v1,h2:v2<TAB>value"
//
// Properties (--property / --reader-config) and defaults as Kafka 3.7:
// parse.key=false, key.separator=\t, parse.headers=false,
// headers.delimiter=\t, headers.separator=, (a regex, as Java splits with
// it), headers.key.separator=:, ignore.error=false, null.marker unset
// (a key, value or header value equal to it becomes null).

#include <optional>
#include <regex>
#include <string>

#include "base/result.h"
#include "client/producer.h"
#include "config/properties.h"

namespace odradek::tools {

class line_reader {
public:
    // configure(): errors carry Kafka's KafkaException messages
    // ("headers.delimiter and headers.separator may not be equal").
    static result<line_reader> create(const std::string& topic, const config::properties& props);

    // Parses the next line (without its line terminator). Errors carry
    // Kafka's messages ("No key separator found on line number 1: 'abc'").
    result<client::producer_record> parse(const std::string& line);

private:
    std::optional<std::string> field(bool enabled, const std::string& line, size_t start, const std::string& sep,
                                     const char* what, error& err) const;

    std::string topic_;
    bool parse_key_ = false;
    std::string key_separator_ = "\t";
    bool parse_headers_ = false;
    std::string headers_delimiter_ = "\t";
    std::string headers_separator_ = ",";
    std::regex headers_separator_re_{","};
    std::string headers_key_separator_ = ":";
    bool ignore_error_ = false;
    std::optional<std::string> null_marker_;
    int64_t line_number_ = 0;
};

}  // namespace odradek::tools
