#!/usr/bin/env python3
"""Compare two OpenAPI YAML documents structurally, ignoring human prose.

Usage:
    check_structure.py VENDOR.yaml OURS.yaml           # structural comparison
    check_structure.py --prose VENDOR.yaml OURS.yaml   # copied-prose check

Structural mode removes prose and vendor-only keys (description, summary,
title, example, examples, externalDocs, termsOfService, contact, license,
info.version and every `x-*` key) from both documents, then reports each
remaining difference as a JSON pointer with both values.  Key order is also
compared for name-keyed mappings (paths, every path item, every `properties`
map, every components section such as components/schemas, responses maps and
content maps), because the SDK generator emits items in spec order.
Exit status: 0 and "structurally identical" when nothing differs, 1 otherwise.

Prose mode collects every description/summary/title string from both
documents and lists the 6-word shingles (and whole strings) they share.
Exit status: 0 when nothing is shared, 1 otherwise.

Keys are interpreted by position: a schema property that happens to be called
`description` or `title` (a name inside a `properties` map) is kept, only the
keyword of that name is stripped.
"""

import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the environment
    sys.stderr.write(
        "error: PyYAML is required but not installed.\n"
        "       install it with:  python3 -m pip install pyyaml\n"
    )
    sys.exit(2)

PROSE_KEYS = {"description", "summary", "title"}
STRIPPED_KEYS = PROSE_KEYS | {
    "example",
    "examples",
    "externalDocs",
    "termsOfService",
    "contact",
    "license",
}
# Keywords whose value is a map keyed by names chosen by the document author.
NAME_MAP_KEYWORDS = {
    "properties",
    "responses",
    "content",
    "scopes",
    "headers",
    "encoding",
    "links",
    "callbacks",
    "variables",
    "mapping",
}
SHINGLE_SIZE = 6


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------
class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys."""


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    result = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % (key,), key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=deep)
    return result


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_StrictLoader)


# --------------------------------------------------------------------------
# Position-aware traversal helpers
# --------------------------------------------------------------------------
def esc(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(tokens):
    return "/" + "/".join(esc(t) for t in tokens) if tokens else "/"


def child_is_name_map(tokens, key):
    """Is the value found under `key` (in keyword position) a name-keyed map?"""
    if not tokens and key == "paths":
        return True
    if tokens == ["components"]:
        return True  # components/schemas, components/responses, ...
    return key in NAME_MAP_KEYWORDS


def strip(node, tokens=(), name_map=False):
    tokens = list(tokens)
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("x-"):
                # extension keys; a schema property may legitimately start with x-
                if not (name_map and tokens and tokens[-1] == "properties"):
                    continue
            if not name_map:
                if key in STRIPPED_KEYS:
                    continue
                if key == "version" and tokens == ["info"]:
                    continue
                child_names = child_is_name_map(tokens, key)
            else:
                child_names = False
            out[key] = strip(value, tokens + [key], child_names)
        return out
    if isinstance(node, list):
        return [strip(item, tokens + [i], False) for i, item in enumerate(node)]
    return node


def order_checked(tokens, name_map):
    """Mappings whose key order must match."""
    if name_map:
        return True  # paths, properties, components/*, responses, content, ...
    return len(tokens) == 2 and tokens[0] == "paths"  # each path item


def show(value):
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def diff(a, b, tokens=(), name_map=False, out=None):
    tokens = list(tokens)
    if out is None:
        out = []
    where = pointer(tokens)
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key not in b:
                out.append("%s: key %r only in first (%s)" % (where, key, show(a[key])))
        for key in b:
            if key not in a:
                out.append("%s: key %r only in second (%s)" % (where, key, show(b[key])))
        if order_checked(tokens, name_map):
            common_a = [k for k in a if k in b]
            common_b = [k for k in b if k in a]
            if common_a != common_b:
                out.append(
                    "%s: key order differs\n    first:  %s\n    second: %s"
                    % (where, common_a, common_b)
                )
        for key in a:
            if key in b:
                child_names = False if name_map else child_is_name_map(tokens, key)
                diff(a[key], b[key], tokens + [key], child_names, out)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(
                "%s: list length %d vs %d\n    first:  %s\n    second: %s"
                % (where, len(a), len(b), show(a), show(b))
            )
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, tokens + [i], False, out)
        return out
    # scalars (or container vs scalar): compare type as well, since 1 == True
    if type(a) is not type(b) or a != b:
        out.append("%s: %s != %s" % (where, show(a), show(b)))
    return out


# --------------------------------------------------------------------------
# Prose check
# --------------------------------------------------------------------------
def collect_prose(node, tokens=(), name_map=False, out=None):
    tokens = list(tokens)
    if out is None:
        out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not name_map and key in PROSE_KEYS and isinstance(value, str):
                out.append((pointer(tokens + [key]), value))
                continue
            child_names = False if name_map else child_is_name_map(tokens, key)
            collect_prose(value, tokens + [key], child_names, out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            collect_prose(item, tokens + [i], False, out)
    return out


def words(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def shingles(text):
    w = words(text)
    return {tuple(w[i:i + SHINGLE_SIZE]) for i in range(len(w) - SHINGLE_SIZE + 1)}


def prose_check(first, second):
    prose_a = collect_prose(first)
    prose_b = collect_prose(second)
    index_a = {}
    for where, text in prose_a:
        for sh in shingles(text):
            index_a.setdefault(sh, []).append(where)
    shared = {}
    for where, text in prose_b:
        for sh in shingles(text):
            if sh in index_a:
                shared.setdefault(sh, (index_a[sh], []))[1].append(where)

    norm_a = {}
    for where, text in prose_a:
        norm_a.setdefault(" ".join(words(text)), []).append(where)
    identical = []
    for where, text in prose_b:
        key = " ".join(words(text))
        if key and key in norm_a:
            identical.append((text, norm_a[key], where))

    print("prose strings: %d in first, %d in second" % (len(prose_a), len(prose_b)))
    for sh, (in_a, in_b) in sorted(shared.items()):
        print("shared %d-word shingle: %r" % (SHINGLE_SIZE, " ".join(sh)))
        print("    first:  %s" % ", ".join(sorted(set(in_a))))
        print("    second: %s" % ", ".join(sorted(set(in_b))))
    for text, in_a, where in identical:
        print("identical prose string: %r" % text)
        print("    first:  %s" % ", ".join(in_a))
        print("    second: %s" % where)
    if shared or identical:
        print(
            "%d shared %d-word shingle(s), %d identical prose string(s)"
            % (len(shared), SHINGLE_SIZE, len(identical))
        )
        return 1
    print("no shared %d-word shingles and no identical prose strings" % SHINGLE_SIZE)
    return 0


# --------------------------------------------------------------------------
def main(argv):
    args = argv[1:]
    prose = False
    if args and args[0] == "--prose":
        prose = True
        args = args[1:]
    if len(args) != 2 or any(a.startswith("-") for a in args):
        sys.stderr.write(__doc__)
        return 2
    first, second = (load(p) for p in args)
    if prose:
        return prose_check(first, second)
    problems = diff(strip(first), strip(second))
    if problems:
        for line in problems:
            print(line)
        print("%d difference(s)" % len(problems))
        return 1
    print("structurally identical")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
