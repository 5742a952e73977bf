"""Read coordinators' YAML files and report problems by file and line."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

Location = tuple[str | int, ...]


class SetupFileError(Exception):
    """A set-up file could not be used; the message names the file, line and problem."""


def load_model[M: BaseModel](path: Path, model: type[M]) -> M:
    """Parse a YAML file into a pydantic model, with line numbers in every error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SetupFileError(f"{path}: cannot read the file ({error.strerror}).") from error
    try:
        data = YamlReader(text).read()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "somewhere"
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise SetupFileError(f"{path}, {where}: {problem}.") from error
    except _BadScalar as error:
        raise SetupFileError(f"{path}, {error}") from error
    if data is _EMPTY:
        raise SetupFileError(f"{path}: the file is empty.")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        # Where each value is, read again for the message: noting it for every value of
        # a big file, every time, would cost more memory than the file's own values.
        lines = YamlReader(text, lines=True)
        lines.read()
        raise SetupFileError(_describe(path, error, lines.lines)) from error


def _line(event: yaml.Event) -> int:
    assert event.start_mark is not None  # the parser marks every event
    return event.start_mark.line + 1


class _BadScalar(ValueError):
    """A value YAML recognises but cannot build, such as the date 2027-02-30."""


_EMPTY = object()  # what a file without a document reads as
_STR = "tag:yaml.org,2002:str"
# libyaml's parser when PyYAML was built with it (its wheels are), else PyYAML's own.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlReader:
    """Builds the document straight from the parser's events, noting each value's line.

    Composing a node tree first, then building from it, took seconds for a cohort file of
    10,000 participants; this takes a fraction of one. It builds what PyYAML's safe loader
    builds: tags resolved alike, anchors and aliases, one document.
    """

    def __init__(self, text: str, lines: bool = False) -> None:
        self._loader = _Loader(text)
        self._anchors: dict[str, Any] = {}
        # Each mapping key once: a list's items repeat theirs (user, name, org, ...), and
        # a string apiece for 10,000 participants took 2 MB.
        self._keys: dict[str, str] = {}
        self._noting = lines
        self.lines: dict[Location, int] = {}  # with `lines`, where each value starts

    def read(self) -> Any:
        """The document, or _EMPTY if the file holds none."""
        loader = self._loader
        try:
            loader.get_event()  # the stream's start
            if loader.check_event(yaml.StreamEndEvent):
                return _EMPTY
            document = loader.get_event()
            data = self._value(() if self._noting else None)
            loader.get_event()  # the document's end
            if not loader.check_event(yaml.StreamEndEvent):
                raise ComposerError(
                    "expected a single document in the stream",
                    document.start_mark,
                    "but found another document",
                    loader.peek_event().start_mark,
                )
            return data
        finally:
            loader.dispose()

    def _value(self, here: Location | None) -> Any:
        """The next value; `here` is where it goes in the document, None for a key or
        when lines are not noted."""
        loader = self._loader
        event = loader.get_event()
        if here is not None:
            self.lines[here] = _line(event)
        kind = type(event)
        if kind is yaml.AliasEvent:
            if event.anchor not in self._anchors:
                problem = f"found undefined alias {event.anchor!r}"
                raise ComposerError(None, None, problem, event.start_mark)
            return self._anchors[event.anchor]
        value: Any = (
            self._scalar(event)
            if kind is yaml.ScalarEvent
            else []
            if kind is yaml.SequenceStartEvent
            else {}
        )
        if event.anchor is not None:
            self._anchors[event.anchor] = value
        if kind is yaml.SequenceStartEvent:
            while not loader.check_event(yaml.SequenceEndEvent):
                value.append(self._value(None if here is None else (*here, len(value))))
            loader.get_event()
        elif kind is yaml.MappingStartEvent:
            while not loader.check_event(yaml.MappingEndEvent):
                key_event = loader.peek_event()
                key = self._value(None)
                if isinstance(key, str):
                    key = self._keys.setdefault(key, key)
                if isinstance(key, list | dict):
                    raise ConstructorError(
                        "while reading a mapping",
                        event.start_mark,
                        "found a key that is a list or a mapping",
                        key_event.start_mark,
                    )
                value[key] = self._value(None if here is None else (*here, key))
            loader.get_event()
        return value

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _implicit_tag(event.value, event.implicit)
        if tag == _STR:
            return event.value
        # The error messages below name the line, so the node needs no marks.
        node = yaml.ScalarNode(tag, event.value, None, None, event.style)
        where = f"line {_line(event)}"
        try:
            return self._loader.construct_object(node)
        # YAML reads 2027-02-30 as a date and Python refuses to build it: a ValueError.
        except ValueError as error:
            problem = f"{where}: {event.value} is not a real date or time ({error})."
            raise _BadScalar(problem) from error
        # A tag the safe loader does not build, such as !!python/name.
        except yaml.MarkedYAMLError as error:
            problem = error.problem or "YAML cannot read this value"
            raise _BadScalar(f"{where}: {problem}.") from error


_RESOLVER = yaml.resolver.Resolver()


# The tag a plain value implies, found by regular expressions: the values that repeat
# (keys, true, 3) are worked out once. Caching every value, names and ids too, held 4 MB
# while a file of 10,000 participants was read.
@functools.lru_cache(maxsize=256)
def _implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, implicit))  # type: ignore[no-untyped-call]


def _describe(path: Path, error: ValidationError, lines: dict[Location, int]) -> str:
    problems = []
    for item in error.errors():
        location = tuple(item["loc"])
        line = _nearest_line(location, lines)
        field = ".".join(str(part) for part in location) or "the file"
        message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(f"{path}, line {line}: {field}: {message}.")
    return "\n".join(problems)


def _nearest_line(location: Location, lines: dict[Location, int]) -> int:
    for end in range(len(location), -1, -1):
        if location[:end] in lines:
            return lines[location[:end]]
    return 1
