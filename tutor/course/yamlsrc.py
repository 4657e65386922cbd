"""Read YAML while remembering where every value came from (file line numbers).

Mappings become `LineDict` and sequences `LineList`; both know the line they start on and
the line of each key or item, so the loader can point at the line an author must fix.
Duplicate keys are reported, not silently merged.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class LineDict(dict):
    line: int = 0
    key_lines: dict
    duplicates: list  # (key, line) pairs seen twice

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlSourceError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# the C parser (libyaml) when present: the whole course loads several times faster
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result.key_lines:
            result.duplicates.append((key, line))
        result.key_lines[key] = line
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path):
    """Parse one YAML file; raise YamlSourceError with a line number on bad YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSourceError(1, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader (or CSafeLoader) subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{what} ({exc.context})"
        raise YamlSourceError(line, f"bad YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(1, f"bad YAML: {exc}") from None
