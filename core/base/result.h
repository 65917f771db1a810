#pragma once
// result<T>: a value or an error, the one way core reports failure. Core never
// throws across a public function; tools and servers turn an `error` into a
// message (or a Kafka error code) at the edge.

#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace odradek {

// An error: a code from one module's `errc` category plus free-form detail that
// names what failed (a path, an offset, a field). message() is what a user reads.
struct error {
    std::error_code code;
    std::string detail;

    error() = default;
    error(std::error_code c, std::string d = {}) : code(c), detail(std::move(d)) {}
    template <typename E>
        requires std::is_error_code_enum_v<E>
    error(E e, std::string d = {}) : code(make_error_code(e)), detail(std::move(d)) {}

    // "<category message>: <detail>", or just the category message.
    std::string message() const {
        std::string m = code.message();
        if (!detail.empty()) {
            m += ": ";
            m += detail;
        }
        return m;
    }
};

template <typename T>
class [[nodiscard]] result {
public:
    using value_type = T;

    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(error e) : v_(std::in_place_index<1>, std::move(e)) {}
    template <typename E>
        requires std::is_error_code_enum_v<E>
    result(E e) : v_(std::in_place_index<1>, error(e)) {}

    bool has_value() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const error& err() const& { return std::get<1>(v_); }
    error&& err() && { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, error> v_;
};

template <>
class [[nodiscard]] result<void> {
public:
    using value_type = void;

    result() = default;
    result(error e) : e_(std::move(e)), ok_(false) {}
    template <typename E>
        requires std::is_error_code_enum_v<E>
    result(E e) : e_(error(e)), ok_(false) {}

    bool has_value() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    const error& err() const& { return e_; }
    error&& err() && { return std::move(e_); }

private:
    error e_;
    bool ok_ = true;
};

using status = result<void>;

inline status ok() { return {}; }

}  // namespace odradek

// Propagate an error from an expression producing a result<...>:
//   ODRADEK_TRY(file.sync());
#define ODRADEK_TRY(expr)                                  \
    do {                                                   \
        auto&& odradek_try_r_ = (expr);                    \
        if (!odradek_try_r_) return std::move(odradek_try_r_).err(); \
    } while (0)

// Bind a value or propagate the error:
//   ODRADEK_TRY_ASSIGN(auto size, file.size());
#define ODRADEK_TRY_CONCAT_(a, b) a##b
#define ODRADEK_TRY_CONCAT(a, b) ODRADEK_TRY_CONCAT_(a, b)
#define ODRADEK_TRY_ASSIGN(decl, expr) \
    ODRADEK_TRY_ASSIGN_IMPL_(ODRADEK_TRY_CONCAT(odradek_try_v_, __LINE__), decl, expr)
#define ODRADEK_TRY_ASSIGN_IMPL_(tmp, decl, expr) \
    auto tmp = (expr);                            \
    if (!tmp) return std::move(tmp).err();        \
    decl = std::move(tmp).value()
