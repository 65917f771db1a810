#pragma once
// A small helper so each module can declare its `errc` enum and category in a
// few lines:
//
//   namespace odradek::storage {
//   enum class errc { io = 1, corrupt_index, ... };
//   const std::error_category& storage_category() noexcept;
//   inline std::error_code make_error_code(errc e) { return {int(e), storage_category()}; }
//   }
//   ODRADEK_ERRC_ENUM(odradek::storage::errc)
//
// and in one .cc file define the category with odradek::simple_category.

#include <string>
#include <system_error>
#include <utility>

namespace odradek {

// A category whose messages come from a function mapping the int value to text.
class simple_category final : public std::error_category {
public:
    using message_fn = const char* (*)(int);
    constexpr simple_category(const char* name, message_fn fn) : name_(name), fn_(fn) {}
    const char* name() const noexcept override { return name_; }
    std::string message(int v) const override { return fn_(v); }

private:
    const char* name_;
    message_fn fn_;
};

}  // namespace odradek

#define ODRADEK_ERRC_ENUM(E) \
    template <>              \
    struct std::is_error_code_enum<E> : std::true_type {};
