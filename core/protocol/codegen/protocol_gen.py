#!/usr/bin/env python3
"""Generates C++ message structs from core/protocol/spec/*.spec (stdlib only).

Usage: protocol_gen.py OUT_DIR SPEC...

Writes, under OUT_DIR/protocol/messages/:
  <spec stem>.h / .cc   request and response structs of one API, with
                        encode(writer&, int16_t version) and decode(reader&, int16_t version)
  api_keys.h            enum api_key and the table of APIs (key, name, versions, first flexible)
  all_messages.h        every message type in a tuple, and a visitor by api key
  test_support.h        fill() functions that populate a message for a version (tests, fuzzers)

The spec language (one API per file)
------------------------------------
  # comment
  api <Name> key=<n> versions=<min>-<max> flexible=<n>+      (or flexible=none)

  request
    <Field>: <type> [= <default>]   // [vN+ | vN-M | vN] [nullable | nullable=vN+] [tag=N]
      <child fields, indented, when type is [Struct] or Struct>
  response
    ...

Types: int8 int16 int32 int64 uint16 uint32 float64 bool uuid string bytes records,
[T] for an array of T (a type above or a struct), or a struct name (CamelCase).
A field exists in v0+ unless a version range says otherwise. `nullable` means
nullable in every version the field exists; `nullable=vN+` from vN on. `tag=N`
makes it a tagged field (flexible versions only). Defaults: numbers, true/false,
null, "" (strings). A struct's children inherit its version range.
"""
import pathlib
import re
import sys

PRIMS = {
    "int8": "int8_t", "int16": "int16_t", "int32": "int32_t", "int64": "int64_t",
    "uint16": "uint16_t", "uint32": "uint32_t", "float64": "double", "bool": "bool",
}
SCALARS = set(PRIMS) | {"uuid"}
INF = 1 << 15


class SpecError(Exception):
    pass


def snake(name):
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    return s.lower()


class Type:
    def __init__(self, text, where):
        self.text = text
        if text.startswith("[") and text.endswith("]"):
            self.kind = "array"
            self.elem = Type(text[1:-1], where)
            if self.elem.kind == "array":
                raise SpecError(f"{where}: nested arrays are not supported")
        elif text in SCALARS:
            self.kind = "scalar"
        elif text in ("string", "bytes", "records"):
            self.kind = text
        elif re.fullmatch(r"[A-Z][A-Za-z0-9]*", text):
            self.kind = "struct"
        else:
            raise SpecError(f"{where}: unknown type {text!r}")

    @property
    def struct_name(self):
        if self.kind == "struct":
            return self.text
        if self.kind == "array" and self.elem.kind == "struct":
            return self.elem.text
        return None


class Field:
    def __init__(self, name, type_, default, lo, hi, nullable_lo, tag, where):
        self.name, self.type, self.default = name, type_, default
        self.lo, self.hi, self.nullable_lo, self.tag = lo, hi, nullable_lo, tag
        self.where = where
        self.children = []  # fields of the struct, when type names one
        self.cpp = snake(name)

    def present(self, v):
        return self.lo <= v <= self.hi

    def nullable_at(self, v):
        return self.nullable_lo is not None and v >= self.nullable_lo

    @property
    def ever_nullable(self):
        return self.nullable_lo is not None and self.nullable_lo <= self.hi


class Struct:
    def __init__(self, name, fields):
        self.name, self.fields = name, fields
        self.cpp = snake(name)


class Message:
    def __init__(self, api, kind, root, key, lo, hi, flex):
        self.api, self.kind, self.root = api, kind, root
        self.key, self.lo, self.hi, self.flex = key, lo, hi, flex
        self.cpp = snake(api) + "_" + kind
        self.structs = []  # nested structs, children before parents
        collect_structs(root.fields, self.structs, self)
        names = {s.cpp for s in self.structs}
        for f in walk_fields(root.fields):
            if f.cpp in names:
                raise SpecError(f"{f.where}: field {f.name} has the name of a struct in {self.cpp}; rename the struct")


def collect_structs(fields, out, msg):
    for f in fields:
        if f.type.struct_name:
            collect_structs(f.children, out, msg)
            if any(s.name == f.type.struct_name for s in out):
                raise SpecError(f"{f.where}: struct {f.type.struct_name} defined twice in {msg.cpp}")
            out.append(Struct(f.type.struct_name, f.children))


def walk_fields(fields):
    for f in fields:
        yield f
        yield from walk_fields(f.children)


def parse_range(text, where):
    m = re.fullmatch(r"v(\d+)(\+|-(\d+))?", text)
    if not m:
        raise SpecError(f"{where}: bad version range {text!r}")
    lo = int(m.group(1))
    if m.group(2) == "+":
        return lo, INF
    if m.group(3) is not None:
        return lo, int(m.group(3))
    return lo, lo


FIELD_RE = re.compile(r"^( *)([A-Za-z][A-Za-z0-9]*):\s*(\S+)(?:\s*=\s*(\"\"|\S+))?\s*(?://(.*))?$")


def parse_spec(path):
    text = pathlib.Path(path).read_text()
    api = None
    sections = {}
    current = None
    stack = []  # (indent, field)
    for lineno, raw in enumerate(text.splitlines(), 1):
        where = f"{path}:{lineno}"
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("api "):
            kv = dict(tok.split("=", 1) for tok in line.split()[2:])
            name = line.split()[1]
            lo, hi = (int(x) for x in kv["versions"].split("-"))
            flex = None if kv.get("flexible", "none") == "none" else int(kv["flexible"].rstrip("+"))
            api = (name, int(kv["key"]), lo, hi, flex)
            continue
        if line in ("request", "response"):
            current = sections.setdefault(line, [])
            stack = []
            continue
        m = FIELD_RE.match(line)
        if not m or current is None:
            raise SpecError(f"{where}: cannot parse {line!r}")
        indent, name, type_text, default, notes = m.groups()
        lo, hi, nullable_lo, tag = 0, INF, None, None
        nullable_all = False
        for tok in (notes or "").split():
            if tok.startswith("v"):
                lo, hi = parse_range(tok, where)
            elif tok == "nullable":
                nullable_all = True
            elif tok.startswith("nullable="):
                nullable_lo = parse_range(tok.split("=", 1)[1], where)[0]
            elif tok.startswith("tag="):
                tag = int(tok.split("=", 1)[1])
            else:
                raise SpecError(f"{where}: unknown annotation {tok!r}")
        while stack and stack[-1][0] >= len(indent):
            stack.pop()
        parent = stack[-1][1] if stack else None
        if parent is not None:
            # children live within their parent's versions
            lo, hi = max(lo, parent.lo), min(hi, parent.hi)
        if nullable_all:
            nullable_lo = lo
        f = Field(name, Type(type_text, where), default, lo, hi, nullable_lo, tag, where)
        if f.type.kind in ("scalar", "struct") and f.nullable_lo is not None:
            raise SpecError(f"{where}: {type_text} cannot be nullable")
        if default == "null" and f.nullable_lo is None:
            raise SpecError(f"{where}: default null on a field that is never nullable")
        (parent.children if parent else current).append(f)
        if parent is not None and parent.type.struct_name is None:
            raise SpecError(f"{where}: {parent.name} has children but is not a struct")
        stack.append((len(indent), f))
    if api is None:
        raise SpecError(f"{path}: no api line")
    name, key, lo, hi, flex = api
    for kind in ("request", "response"):
        if kind not in sections:
            raise SpecError(f"{path}: no {kind} section")
    msgs = []
    for kind in ("request", "response"):
        fields = sections[kind]
        for f in walk_fields(fields):
            f.hi = min(f.hi, hi)
            if f.tag is not None and (flex is None or f.lo < flex):
                raise SpecError(f"{f.where}: tagged field in non-flexible versions")
            if f.type.struct_name and not f.children:
                raise SpecError(f"{f.where}: struct {f.type.struct_name} has no fields")
        msgs.append(Message(name, kind, Struct(name + kind.capitalize(), fields), key, lo, hi, flex))
    return msgs


# ----------------------------------------------------------------------------
# C++ emission

def cond(lo, hi, msg):
    parts = []
    if lo > msg.lo:
        parts.append(f"version >= {lo}")
    if hi < msg.hi:
        parts.append(f"version <= {hi}")
    return " && ".join(parts)


def cpp_elem(t):
    if t.kind == "scalar":
        return "uuid" if t.text == "uuid" else PRIMS[t.text]
    if t.kind == "string":
        return "std::string"
    if t.kind == "bytes":
        return "byte_buffer"
    if t.kind == "records":
        return "byte_span"
    if t.kind == "struct":
        return snake(t.text)
    raise SpecError(f"no element type for {t.text}")


def cpp_type(f):
    t = f.type
    if t.kind == "array":
        inner = f"std::vector<{cpp_elem(t.elem)}>"
    else:
        inner = cpp_elem(t)
    if f.ever_nullable:
        return f"std::optional<{inner}>"
    return inner


def int_literal(ctype, text):
    v = int(text, 0)
    if ctype == "int32_t" and v == -(1 << 31):
        return "std::numeric_limits<int32_t>::min()"
    if ctype == "int64_t" and v == -(1 << 63):
        return "std::numeric_limits<int64_t>::min()"
    return text


def cpp_default(f):
    """The initializer for the member, or '' for value-initialization."""
    t, d = f.type, f.default
    if t.kind == "scalar":
        if t.text == "uuid":
            return ""
        if t.text == "bool":
            return " = " + (d if d else "false")
        if t.text == "float64":
            return " = " + (d if d else "0.0")
        return " = " + (int_literal(PRIMS[t.text], d) if d else "0")
    if d == "null":
        return ""
    if t.kind == "string":
        lit = d if d else '""'
        if f.ever_nullable:
            return f" = std::string({lit})"
        return f"{{{lit}}}" if lit != '""' else ""
    if f.ever_nullable and t.kind in ("array", "bytes"):
        return f" = {cpp_type(f)[len('std::optional<'):-1]}()"
    return ""


def default_expr(f):
    t = f.type
    if t.kind == "scalar" and t.text != "uuid":
        return cpp_default(f)[3:]
    return None


def is_nondefault(f, expr):
    t = f.type
    if t.kind == "scalar":
        if t.text == "uuid":
            return f"!{expr}.is_zero()"
        return f"{expr} != {default_expr(f)}"
    if t.kind == "struct":
        return f"!({expr} == {snake(t.text)}{{}})"
    if f.default == "null":
        return f"{expr}.has_value()"
    if f.ever_nullable:
        if t.kind == "string":
            lit = f.default if f.default else '""'
            return f"!({expr} && *{expr} == {lit})"
        return f"!({expr} && {expr}->empty())"
    if t.kind == "string":
        lit = f.default if f.default else '""'
        return f"{expr} != {lit}"
    return f"!{expr}.empty()"


class Out:
    def __init__(self):
        self.lines = []
        self.ind = 0

    def __call__(self, text=""):
        self.lines.append(("    " * self.ind + text) if text else "")

    def block(self, head):
        self(head + " {")
        self.ind += 1

    def end(self, tail="}"):
        self.ind -= 1
        self(tail)

    def text(self):
        return "\n".join(self.lines) + "\n"


def flexvar(msg):
    return "flex" if msg.flex is not None else "false"


def emit_write_value(o, t, expr, w, nullable, msg, optional_cpp):
    """Write one value of type t. `nullable` is a C++ condition string ('' = never,
    'true' = always) saying whether null is representable at this version."""
    flex = flexvar(msg)
    if t.kind == "scalar":
        o(f"{w}.write_{'uuid' if t.text == 'uuid' else t.text}({expr});")
        return
    if t.kind == "struct":
        o(f"{expr}.encode({w}, version);")
        return
    if t.kind in ("string", "bytes", "records"):
        # records go through the writer's records_* calls so a broker can
        # splice file ranges in instead of copying (writer.h, records_splicer).
        base = t.kind
        if optional_cpp:
            if t.kind == "string":
                plain = f"({expr} ? std::string_view(*{expr}) : std::string_view())"
                opt = expr
            elif t.kind == "bytes":
                plain = f"({expr} ? byte_span(*{expr}) : byte_span())"
                opt = f"({expr} ? std::optional<byte_span>(byte_span(*{expr})) : std::nullopt)"
            else:
                plain = f"{expr}.value_or(byte_span())"
                opt = expr
            write_null = f"if ({flex}) {w}.write_compact_nullable_{base}({opt}); else {w}.write_nullable_{base}({opt});"
            write_plain = f"if ({flex}) {w}.write_compact_{base}({plain}); else {w}.write_{base}({plain});"
            if nullable == "true":
                o(write_null)
            elif nullable:
                o(f"if ({nullable}) {{")
                o("    " + write_null)
                o("} else {")
                o("    " + write_plain)
                o("}")
            else:
                o(write_plain)
        else:
            v = f"byte_span({expr})" if t.kind == "bytes" else expr
            o(f"if ({flex}) {w}.write_compact_{base}({v}); else {w}.write_{base}({v});")
        return
    if t.kind == "array":
        o("{")
        o.ind += 1
        if optional_cpp:
            len_expr = f"({expr} ? int32_t({expr}->size()) : -1)"
            if nullable != "true":
                # null where the version cannot say null: written as empty
                len_expr = (f"({expr} ? int32_t({expr}->size()) : 0)" if not nullable
                            else f"({expr} ? int32_t({expr}->size()) : (({nullable}) ? -1 : 0))")
            o(f"int32_t n = {len_expr};")
        else:
            o(f"int32_t n = int32_t({expr}.size());")
        o(f"if ({flex}) {w}.write_compact_array_len(n); else {w}.write_array_len(n);")
        if optional_cpp:
            o(f"if ({expr}) {{")
            o.ind += 1
            rng = f"*{expr}"
        else:
            rng = expr
        o(f"for (const auto& e : {rng}) {{")
        o.ind += 1
        emit_write_value(o, t.elem, "e", w, "", msg, False)
        o.ind -= 1
        o("}")
        if optional_cpp:
            o.ind -= 1
            o("}")
        o.ind -= 1
        o("}")
        return
    raise SpecError(f"cannot write {t.text}")


def nullable_cond(f, msg):
    if f.nullable_lo is None:
        return ""
    if f.nullable_lo <= f.lo:
        return "true"
    return f"version >= {f.nullable_lo}"


def emit_read_value(o, t, expr, r, nullable, msg, optional_cpp):
    flex = flexvar(msg)
    if t.kind == "scalar":
        o(f"{expr} = {r}.read_{'uuid' if t.text == 'uuid' else t.text}();")
        return
    if t.kind == "struct":
        o(f"{expr}.decode({r}, version);")
        return
    if t.kind in ("string", "bytes", "records"):
        if t.kind == "string":
            plain = f"std::string({flex} ? {r}.read_compact_string_view() : {r}.read_string_view())"
            opt = f"({flex} ? {r}.read_compact_nullable_string() : {r}.read_nullable_string())"
        else:
            plain = f"({flex} ? {r}.read_compact_bytes() : {r}.read_bytes())"
            opt = f"({flex} ? {r}.read_compact_nullable_bytes() : {r}.read_nullable_bytes())"
        if t.kind == "bytes":
            assign_plain = f"{{ byte_span s = {plain}; {expr} = byte_buffer(s.begin(), s.end()); }}"
            assign_opt = (f"{{ auto s = {opt}; if (s) {expr} = byte_buffer(s->begin(), s->end()); "
                          f"else {expr}.reset(); }}")
        else:
            assign_plain = f"{expr} = {plain};"
            assign_opt = f"{expr} = {opt};"
        if nullable == "true":
            o(assign_opt)
        elif nullable:
            o(f"if ({nullable}) {{")
            o("    " + assign_opt)
            o("} else {")
            o("    " + assign_plain)
            o("}")
        else:
            o(assign_plain)
        return
    if t.kind == "array":
        o("{")
        o.ind += 1
        o(f"int32_t n = {flex} ? {r}.read_compact_array_len() : {r}.read_array_len();")
        o("if (n < 0) {")
        if nullable == "true":
            o(f"    {expr}.reset();")
        elif nullable:
            o(f"    if ({nullable}) {expr}.reset(); else {r}.fail(errc::null_not_allowed);")
        else:
            o(f"    {r}.fail(errc::null_not_allowed);")
        o("} else {")
        o.ind += 1
        if optional_cpp:
            o(f"auto& v = {expr}.emplace();")
        else:
            o(f"auto& v = {expr};")
            o("v.clear();")
        if t.elem.kind == "scalar":
            # n <= bytes left, and each element takes at least one byte
            o("v.reserve(size_t(n));")
        o(f"for (int32_t i = 0; i < n && {r}.ok(); ++i) {{")
        o.ind += 1
        o("auto& e = v.emplace_back();")
        emit_read_value(o, t.elem, "e", r, "", msg, False)
        o.ind -= 1
        o("}")
        o.ind -= 1
        o("}")
        o.ind -= 1
        o("}")
        return
    raise SpecError(f"cannot read {t.text}")


def emit_struct_methods(o, msg, qual, fields, is_root):
    plain = [f for f in fields if f.tag is None]
    tagged = sorted((f for f in fields if f.tag is not None), key=lambda f: f.tag)
    has_flex = msg.flex is not None

    # encode
    o.block(f"void {qual}::encode(writer& w, int16_t version) const")
    if has_flex:
        o(f"const bool flex = version >= {msg.flex};")
    else:
        o("(void)version;")
    for f in plain:
        c = cond(f.lo, f.hi, msg)
        if c:
            o.block(f"if ({c})")
        emit_write_value(o, f.type, f.cpp, "w", nullable_cond(f, msg), msg, f.ever_nullable)
        if c:
            o.end()
    if has_flex:
        o.block("if (flex)")
        o("tagged_section_writer tags;")
        for f in tagged:
            c = cond(f.lo, f.hi, msg)
            full = " && ".join(x for x in (c, is_nondefault(f, f.cpp)) if x)
            o.block(f"if ({full})")
            o(f"writer tw(tags.add({f.tag}));")
            emit_write_value(o, f.type, f.cpp, "tw", nullable_cond(f, msg), msg, f.ever_nullable)
            o.end()
        o("tags.finish(w, unknown_tagged_fields);")
        o.end()
    o.end()
    o()

    # decode
    o.block(f"void {qual}::decode(reader& r, int16_t version)")
    if has_flex:
        o(f"const bool flex = version >= {msg.flex};")
    else:
        o("(void)version;")
    for f in plain:
        c = cond(f.lo, f.hi, msg)
        if c:
            o.block(f"if ({c})")
        emit_read_value(o, f.type, f.cpp, "r", nullable_cond(f, msg), msg, f.ever_nullable)
        if c:
            o.end()
    if has_flex:
        o.block("if (flex)")
        if tagged:
            o.block("read_tagged_fields(r, unknown_tagged_fields, [&](uint32_t tag, reader& tr)")
            o.block("switch (tag)")
            for f in tagged:
                o(f"case {f.tag}:")
                o.ind += 1
                c = cond(f.lo, f.hi, msg)
                if c:
                    o(f"if (!({c})) return false;")
                emit_read_value(o, f.type, f.cpp, "tr", nullable_cond(f, msg), msg, f.ever_nullable)
                o("return true;")
                o.ind -= 1
            o("default:")
            o("    return false;")
            o.end()
            o.end("});")
        else:
            o("read_tagged_fields(r, unknown_tagged_fields, [](uint32_t, reader&) { return false; });")
        o.end()
    o.end()
    o()

    # equality
    name = qual.split("::")[-1]
    o.block(f"bool {qual}::operator==(const {name}& o) const")
    terms = []
    for f in fields:
        if f.type.kind == "records":
            if f.ever_nullable:
                terms.append(f"records_equal({f.cpp}, o.{f.cpp})")
            else:
                terms.append(f"bytes_equal({f.cpp}, o.{f.cpp})")
        else:
            terms.append(f"{f.cpp} == o.{f.cpp}")
    terms.append("unknown_tagged_fields == o.unknown_tagged_fields")
    o("return " + ("\n        && ".join(terms)) + ";")
    o.end()
    o()


def emit_struct_decl(o, msg, fields, name, open_struct=True):
    if open_struct:
        o.block(f"struct {name}")
    for f in fields:
        notes = []
        if f.lo > msg.lo or f.hi < msg.hi:
            notes.append(f"v{f.lo}+" if f.hi >= msg.hi else (f"v{f.lo}" if f.lo == f.hi else f"v{f.lo}-{f.hi}"))
        if f.nullable_lo is not None:
            notes.append("nullable" if f.nullable_lo <= f.lo else f"nullable v{f.nullable_lo}+")
        if f.tag is not None:
            notes.append(f"tag {f.tag}")
        note = f"  // {', '.join(notes)}" if notes else ""
        o(f"{cpp_type(f)} {f.cpp}{cpp_default(f)};{note}")
    o("tagged_field_list unknown_tagged_fields;  // flexible versions: tags we do not know")
    o()
    o("void encode(writer& w, int16_t version) const;")
    o("void decode(reader& r, int16_t version);")
    o(f"bool operator==(const {name}& o) const;")


def emit_header(msgs, stem):
    o = Out()
    o("#pragma once")
    o(f"// Generated by core/protocol/codegen/protocol_gen.py from spec/{stem}.spec. Do not edit.")
    o("//")
    o("// Contract: decode() expects a default-constructed object and reports failure")
    o("// through the reader's sticky error; record sets (byte_span fields) point into")
    o("// the decoded buffer. encode() writes fields present at `version`; a null where")
    o("// that version cannot express null is written as empty.")
    o()
    o("#include <cstdint>")
    o("#include <limits>")
    o("#include <optional>")
    o("#include <string>")
    o("#include <vector>")
    o()
    o('#include "protocol/messages/api_keys.h"')
    o('#include "protocol/reader.h"')
    o('#include "protocol/tagged_fields.h"')
    o('#include "protocol/types.h"')
    o('#include "protocol/writer.h"')
    o()
    o("namespace odradek::protocol {")
    o()
    for msg in msgs:
        o(f"// {msg.api}{msg.kind.capitalize()}: api key {msg.key}, versions {msg.lo}-{msg.hi}"
          + (f", flexible from v{msg.flex}." if msg.flex is not None else ", never flexible."))
        o.block(f"struct {msg.cpp}")
        o(f"static constexpr api_key kApiKey = api_key::{snake(msg.api)};")
        o(f"static constexpr int16_t kMinVersion = {msg.lo};")
        o(f"static constexpr int16_t kMaxVersion = {msg.hi};")
        o(f"static constexpr int16_t kFirstFlexible = {msg.flex if msg.flex is not None else -1};")
        o(f"static constexpr bool kIsRequest = {'true' if msg.kind == 'request' else 'false'};")
        o()
        for s in msg.structs:
            emit_struct_decl(o, msg, s.fields, s.cpp)
            o.end("};")
            o()
        emit_struct_decl(o, msg, msg.root.fields, msg.cpp, open_struct=False)
        o.end("};")
        o()
    o("}  // namespace odradek::protocol")
    return o.text()


def emit_source(msgs, stem):
    o = Out()
    o(f"// Generated by core/protocol/codegen/protocol_gen.py from spec/{stem}.spec. Do not edit.")
    o(f'#include "protocol/messages/{stem}.h"')
    o()
    o("namespace odradek::protocol {")
    o()
    o("namespace {")
    o("[[maybe_unused]] bool records_equal(const std::optional<byte_span>& a, const std::optional<byte_span>& b) {")
    o("    if (a.has_value() != b.has_value()) return false;")
    o("    return !a || bytes_equal(*a, *b);")
    o("}")
    o("}  // namespace")
    o()
    for msg in msgs:
        for s in msg.structs:
            emit_struct_methods(o, msg, f"{msg.cpp}::{s.cpp}", s.fields, False)
        emit_struct_methods(o, msg, msg.cpp, msg.root.fields, True)
    o("}  // namespace odradek::protocol")
    return o.text()


def emit_api_keys(apis):
    o = Out()
    o("#pragma once")
    o("// Generated by core/protocol/codegen/protocol_gen.py from spec/*.spec. Do not edit.")
    o("// The APIs this build knows, with the version ranges their specs define.")
    o()
    o("#include <cstdint>")
    o("#include <string_view>")
    o()
    o("namespace odradek::protocol {")
    o()
    o("enum class api_key : int16_t {")
    for name, key, lo, hi, flex in apis:
        o(f"    {snake(name)} = {key},")
    o("};")
    o()
    o("// One row per API: versions the message definitions cover, and the first")
    o("// flexible version (-1: none), which selects request header v2 / response v1.")
    o("struct api_info {")
    o("    api_key key;")
    o("    std::string_view name;")
    o("    int16_t min_version;")
    o("    int16_t max_version;")
    o("    int16_t first_flexible;")
    o("};")
    o()
    o("inline constexpr api_info kApiTable[] = {")
    for name, key, lo, hi, flex in apis:
        o(f'    {{api_key::{snake(name)}, "{name}", {lo}, {hi}, {flex if flex is not None else -1}}},')
    o("};")
    o()
    o("}  // namespace odradek::protocol")
    return o.text()


def emit_all_messages(all_msgs, stems):
    o = Out()
    o("#pragma once")
    o("// Generated by core/protocol/codegen/protocol_gen.py. Do not edit.")
    o("// Every generated message type, for code that must handle all of them")
    o("// (tests, fuzzers, dispatch by api key).")
    o()
    o("#include <cstdint>")
    o("#include <tuple>")
    o("#include <type_traits>")
    o()
    for stem in stems:
        o(f'#include "protocol/messages/{stem}.h"')
    o()
    o("namespace odradek::protocol {")
    o()
    o("using all_message_types = std::tuple<")
    o(",\n".join(f"    {m.cpp}" for m in all_msgs) + ">;")
    o()
    o("// Calls f(std::type_identity<M>{}) for the message type of (key, request or")
    o("// response); returns false when the key has no generated type.")
    o("template <typename F>")
    o("bool visit_message_type(int16_t key, bool is_request, F&& f) {")
    o("    switch (key) {")
    by_key = {}
    for m in all_msgs:
        by_key.setdefault(m.key, {})[m.kind] = m
    for key in sorted(by_key):
        req, resp = by_key[key]["request"], by_key[key]["response"]
        o(f"        case {key}:")
        o(f"            if (is_request) f(std::type_identity<{req.cpp}>{{}});")
        o(f"            else f(std::type_identity<{resp.cpp}>{{}});")
        o("            return true;")
    o("        default:")
    o("            return false;")
    o("    }")
    o("}")
    o()
    o("}  // namespace odradek::protocol")
    return o.text()


def emit_fill_value(o, f_type, expr, f):
    """Assign a non-default value of type t to expr."""
    t = f_type
    if t.kind == "scalar":
        if t.text == "uuid":
            o(f"for (auto& b : {expr}.bytes) b = uint8_t(s.next());")
        elif t.text == "bool":
            d = f.default if (f and f.default) else "false"
            o(f"{expr} = {'false' if d == 'true' else 'true'};")
        elif t.text == "float64":
            o(f"{expr} = 0.5 + double(s.next());")
        else:
            ct = PRIMS[t.text]
            o(f"{expr} = {ct}(7 + s.next());")
            if f is not None and f.default:
                o(f"if ({expr} == {default_expr(f)}) {expr} = {ct}({expr} + 1);")
        return
    if t.kind == "string":
        o(f'{expr} = "s" + std::to_string(s.next());')
        return
    if t.kind == "bytes":
        o(f"{expr} = byte_buffer{{1, 2, uint8_t(s.next())}};")
        return
    if t.kind == "records":
        o(f"{expr} = byte_span(kFillRecords);")
        return
    if t.kind == "struct":
        o(f"fill({expr}, version, s);")
        return
    if t.kind == "array":
        o("for (int i = 0; i < 2; ++i) {")
        o.ind += 1
        o(f"auto& e = {expr}.emplace_back();")
        emit_fill_value(o, t.elem, "e", None)
        o.ind -= 1
        o("}")
        return


def emit_fill_fn(o, msg, qual, fields):
    o.block(f"inline void fill({qual}& m, int16_t version, fill_state& s)")
    o("(void)version;")
    for f in fields:
        c = cond(f.lo, f.hi, msg)
        if c:
            o.block(f"if ({c})")
        expr = f"m.{f.cpp}"
        if f.ever_nullable and f.type.kind in ("array", "bytes", "string"):
            if f.type.kind == "array":
                o(f"{expr}.emplace();")
                emit_fill_value(o, f.type, f"(*{expr})", f)
            else:
                emit_fill_value(o, f.type, expr, f)
        else:
            emit_fill_value(o, f.type, expr, f)
        if c:
            o.end()
    o.end()
    o()


def emit_test_support(all_msgs):
    o = Out()
    o("#pragma once")
    o("// Generated by core/protocol/codegen/protocol_gen.py. Do not edit.")
    o("// Test support: fill(m, version, state) gives every field present at `version`")
    o("// a value different from its default (arrays get two elements), so a round")
    o("// trip through encode/decode exercises each field.")
    o()
    o("#include <cstdint>")
    o("#include <string>")
    o()
    o('#include "protocol/messages/all_messages.h"')
    o()
    o("namespace odradek::protocol::testing {")
    o()
    o("// Stands in for a record set: the codec treats records as opaque bytes.")
    o("inline const uint8_t kFillRecords[] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01};")
    o()
    o("struct fill_state {")
    o("    uint32_t counter = 1;")
    o("    uint32_t next() { return counter++; }")
    o("};")
    o()
    for msg in all_msgs:
        for st in msg.structs:
            emit_fill_fn(o, msg, f"{msg.cpp}::{st.cpp}", st.fields)
        emit_fill_fn(o, msg, msg.cpp, msg.root.fields)
    o("}  // namespace odradek::protocol::testing")
    return o.text()


def write_if_changed(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text() == text:
        return
    path.write_text(text)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out = pathlib.Path(argv[1]) / "protocol" / "messages"
    specs = sorted(argv[2:])
    all_msgs, apis, stems = [], [], []
    try:
        for spec in specs:
            stem = pathlib.Path(spec).stem
            msgs = parse_spec(spec)
            all_msgs.extend(msgs)
            stems.append(stem)
            m = msgs[0]
            apis.append((m.api, m.key, m.lo, m.hi, m.flex))
            write_if_changed(out / f"{stem}.h", emit_header(msgs, stem))
            write_if_changed(out / f"{stem}.cc", emit_source(msgs, stem))
    except SpecError as e:
        print(f"protocol_gen: {e}", file=sys.stderr)
        return 1
    apis.sort(key=lambda a: a[1])
    write_if_changed(out / "api_keys.h", emit_api_keys(apis))
    write_if_changed(out / "all_messages.h", emit_all_messages(all_msgs, stems))
    write_if_changed(out / "test_support.h", emit_test_support(all_msgs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
