// kafka-dump-log: prints the batches, records and index entries of log segment
// files, as Kafka's DumpLogSegments does.
#include <iostream>

#include "common/kafka_cli.h"
#include "tools/dump_log.h"

int main(int argc, char** argv) {
    odradek::tools::dump_log_options o;
    std::string files;
    odradek::cli::kafka_cli cli("kafka-dump-log",
                                "This tool helps to parse a log file and dump its contents to the console, useful "
                                "for debugging a seemingly corrupt log segment.");
    cli.option("files", files, "REQUIRED: The comma separated list of data and index log files to be dumped.",
               "file1, file2, ...", "String", /*required=*/true);
    cli.flag("print-data-log", o.print_data_log,
             "if set, printing the messages content when dumping data logs. Automatically set if any decoder "
             "option is specified.");
    cli.flag("deep-iteration", o.deep_iteration,
             "if set, uses deep instead of shallow iteration. Automatically set if print-data-log is enabled.");
    cli.flag("verify-index-only", o.verify_index_only, "if set, just verify the index log without printing its content.");
    cli.flag("index-sanity-check", o.index_sanity_check,
             "if set, just checks the index sanity without printing its content. This is the same check that is "
             "executed on broker startup to determine if an index needs rebuilding or not.");
    cli.flag("skip-record-metadata", o.skip_record_metadata, "whether to skip printing metadata for each record.");
    cli.option("max-message-size", o.max_message_size, "Size of largest message.", "size", "Integer", false, true);
    cli.option("max-bytes", o.max_bytes,
               "Limit the amount of total batches read in bytes avoiding reading the whole .log file(s).", "size",
               "Integer", false, true);
    cli.option("key-decoder-class", o.key_decoder,
               "if set, used to deserialize the keys: StringDecoder (default), IntegerDecoder, LongDecoder or "
               "DefaultDecoder (hex).",
               "", "String");
    cli.option("value-decoder-class", o.value_decoder,
               "if set, used to deserialize the messages: the same decoders as --key-decoder-class.", "", "String");
    if (auto code = cli.parse(argc, argv, std::cout, std::cerr)) return *code;
    if (cli.has("key-decoder-class") || cli.has("value-decoder-class")) o.print_data_log = true;
    o.files = odradek::tools::split_file_list(files);
    return odradek::tools::run_dump_log(o, std::cout, std::cerr);
}
