#!/usr/bin/env python3
"""Tests of core/protocol/codegen/protocol_gen.py: spec errors are reported
with their file and line, and a small valid spec generates what it says."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

GEN = pathlib.Path(__file__).resolve().parents[2] / "core" / "protocol" / "codegen" / "protocol_gen.py"

VALID = """\
api Demo key=99 versions=0-2 flexible=2+

request
  Name: string
  Ids: [int32]              // v1+ nullable
  Hint: string = null       // v2+ nullable tag=4

response
  ErrorCode: int16 = -1
  Items: [Item]
    Key: int64
"""


def run(spec_text):
    with tempfile.TemporaryDirectory() as d:
        spec = pathlib.Path(d) / "demo.spec"
        spec.write_text(spec_text)
        out = pathlib.Path(d) / "out"
        p = subprocess.run([sys.executable, str(GEN), str(out), str(spec)], capture_output=True, text=True)
        files = {}
        if p.returncode == 0:
            for f in (out / "protocol" / "messages").iterdir():
                files[f.name] = f.read_text()
        return p, files


class GeneratorTest(unittest.TestCase):
    def test_valid_spec(self):
        p, files = run(VALID)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("demo.h", files)
        h = files["demo.h"]
        self.assertIn("struct demo_request", h)
        self.assertIn("std::optional<std::vector<int32_t>> ids", h)
        self.assertIn("std::optional<std::string> hint;", h)
        self.assertIn("int16_t error_code = -1;", h)
        self.assertIn("struct item", h)
        self.assertIn('{api_key::demo, "Demo", 0, 2, 2}', files["api_keys.h"])
        self.assertIn("tags.add(4)", files["demo.cc"])

    def expect_error(self, text, fragment):
        p, _ = run(text)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(fragment, p.stderr)
        self.assertIn("demo.spec:", p.stderr)

    def test_unknown_type(self):
        self.expect_error(VALID.replace("Key: int64", "Key: int65"), "unknown type")

    def test_nullable_scalar(self):
        self.expect_error(VALID.replace("Key: int64", "Key: int64 // nullable"), "cannot be nullable")

    def test_tag_outside_flexible_versions(self):
        self.expect_error(VALID.replace("v2+ nullable tag=4", "v1+ nullable tag=4"), "tagged field")

    def test_field_named_like_a_struct(self):
        self.expect_error(VALID.replace("Items: [Item]", "Item: [Item]"), "rename the struct")

    def test_bad_annotation(self):
        self.expect_error(VALID.replace("// v1+ nullable", "// v1+ nulable"), "unknown annotation")


if __name__ == "__main__":
    unittest.main()
