#pragma once
// named_type<T, Tag>: a value that cannot be mixed up with another of the same
// representation (an absolute offset with a relative one, a file position with
// a size). Arithmetic is limited to what makes sense for counters: adding a
// plain delta, and the difference of two values.

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>

namespace odradek {

template <typename T, typename Tag>
class named_type {
public:
    using type = T;

    constexpr named_type() = default;
    constexpr explicit named_type(T v) : v_(v) {}

    constexpr T operator()() const noexcept { return v_; }
    constexpr T value() const noexcept { return v_; }

    constexpr auto operator<=>(const named_type&) const = default;

    constexpr named_type operator+(T delta) const { return named_type(v_ + delta); }
    constexpr named_type operator-(T delta) const { return named_type(v_ - delta); }
    constexpr T operator-(named_type other) const { return v_ - other.v_; }
    constexpr named_type& operator+=(T delta) { v_ += delta; return *this; }
    constexpr named_type& operator-=(T delta) { v_ -= delta; return *this; }
    constexpr named_type& operator++() { ++v_; return *this; }

    static constexpr named_type min() { return named_type(std::numeric_limits<T>::min()); }
    static constexpr named_type max() { return named_type(std::numeric_limits<T>::max()); }

    friend std::ostream& operator<<(std::ostream& os, named_type v) { return os << +v.v_; }

private:
    T v_{};
};

}  // namespace odradek

template <typename T, typename Tag>
struct std::hash<odradek::named_type<T, Tag>> {
    size_t operator()(odradek::named_type<T, Tag> v) const noexcept { return std::hash<T>{}(v()); }
};
