"""Read coordinators' YAML files and report problems by file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "somewhere"
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise SetupFileError(f"{path}, {where}: {problem}.") from error
    if node is None:
        raise SetupFileError(f"{path}: the file is empty.")
    lines: dict[Location, int] = {}
    try:
        data = _to_python(node, (), lines)
    except _BadScalar as error:
        raise SetupFileError(f"{path}, {error}") from error
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise SetupFileError(_describe(path, error, lines)) from error


class _BadScalar(ValueError):
    """A value YAML recognises but cannot build, such as the date 2027-02-30."""


def _to_python(node: yaml.Node, here: Location, lines: dict[Location, int]) -> Any:
    lines[here] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            result[key] = _to_python(value_node, (*here, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*here, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    where = f"line {node.start_mark.line + 1}"
    try:
        return yaml.SafeLoader("").construct_object(node)
    # YAML reads 2027-02-30 as a date and Python refuses to build it: a ValueError.
    except ValueError as error:
        raise _BadScalar(f"{where}: {node.value} is not a real date or time ({error}).") from error
    # A tag the safe loader does not build, such as !!python/name.
    except yaml.MarkedYAMLError as error:
        raise _BadScalar(f"{where}: {error.problem or 'YAML cannot read this value'}.") from error


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
