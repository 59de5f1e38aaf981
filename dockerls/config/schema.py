"""Configuration values: checked against the schema, layered, and turned into ``LintSettings``.

A config file and the editor's settings describe the same things; the file
spells keys in kebab-case (``extend-select``), the editor in camelCase
(``extendSelect``). Both are read into a :class:`Layer`, where an unset value
is None, so layers stack: file, then editor or command line.
"""

from __future__ import annotations

import dataclasses
import re
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from dockerls.config.errors import ConfigError, did_you_mean
from dockerls.core.findings import Severity
from dockerls.core.options import Options
from dockerls.engine.settings import LintSettings

SELECTOR_KEYS = ("select", "ignore", "extend-select", "fixable", "unfixable")
GLOB_KEYS = ("include", "exclude")
FILE_KEYS = (*SELECTOR_KEYS, "severity", "unsafe-fixes", *GLOB_KEYS)
# Editor-only settings the server reads itself; accepted here and not applied.
EDITOR_ONLY_KEYS = ("fix-on-will-save", "config-file")
EDITOR_KEYS = (*SELECTOR_KEYS, "severity", "unsafe-fixes", *EDITOR_ONLY_KEYS)
SEVERITIES = tuple(severity.value for severity in Severity)
# Allowed values of string options, for fields that do not declare ``metadata={"choices": ...}``.
SHARING_MODES = ("locked", "private", "shared")
OPTION_CHOICES = {("apt", "sharing"): SHARING_MODES, ("pip", "cache_sharing"): SHARING_MODES}

_SELECTOR = re.compile(r"[A-Z]+[0-9]*")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Layer(NamedTuple):
    """One source of settings; None (or an empty mapping) means "not set here"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    fixable: tuple[str, ...] | None = None
    unfixable: tuple[str, ...] | None = None
    severity: Mapping[str, Severity] = _NOTHING
    unsafe_fixes: bool | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    options: Mapping[str, Mapping[str, Any]] = _NOTHING  # family → field → value

    def over(self, base: "Layer") -> "Layer":
        """This layer stacked on ``base``.

        As in ruff, a layer that sets ``select`` starts rule selection afresh;
        otherwise its ``ignore`` and ``extend-select`` add to the base's.
        """
        if self.select is not None:
            select, ignore, extend = self.select, self.ignore or (), self.extend_select or ()
        else:
            select = base.select
            ignore = _join(base.ignore, self.ignore)
            extend = _join(base.extend_select, self.extend_select)
        options = {family: dict(values) for family, values in base.options.items()}
        for family, values in self.options.items():
            options.setdefault(family, {}).update(values)
        return Layer(
            select=select,
            ignore=ignore,
            extend_select=extend,
            fixable=self.fixable if self.fixable is not None else base.fixable,
            unfixable=_join(base.unfixable, self.unfixable),
            severity={**base.severity, **self.severity},
            unsafe_fixes=self.unsafe_fixes if self.unsafe_fixes is not None else base.unsafe_fixes,
            include=self.include if self.include is not None else base.include,
            exclude=_join(base.exclude, self.exclude),
            options=options,
        )

    def settings(self) -> LintSettings:
        defaults = Options()
        families = {
            family: dataclasses.replace(getattr(defaults, family), **values) for family, values in self.options.items()
        }
        return LintSettings(
            select=self.select or (),
            ignore=self.ignore or (),
            extend_select=self.extend_select or (),
            severity=dict(self.severity),
            unsafe_fixes=bool(self.unsafe_fixes),
            fixable=self.fixable or (),
            unfixable=self.unfixable or (),
            options=dataclasses.replace(defaults, **families),
        )


def _join(first: tuple[str, ...] | None, second: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if first is None and second is None:
        return None
    return (*(first or ()), *(second or ()))


def camel_to_kebab(key: str) -> str:
    return _CAMEL_HUMP.sub(r"-\1", key).lower()


def kebab_to_camel(key: str) -> str:
    first, *rest = key.split("-")
    return first + "".join(word.capitalize() for word in rest)


def read_layer(data: Mapping[str, Any], *, source: str, editor: bool = False) -> tuple[Layer, list[ConfigError]]:
    """Check ``data`` (a config file's table, or the editor's settings object) and read it.

    Bad entries are reported and left out; the rest still applies.
    """
    reader = _Reader(source, editor)
    return reader.read(data), reader.errors


class _Reader:
    def __init__(self, source: str, editor: bool) -> None:
        self.source = source
        self.editor = editor
        self.errors: list[ConfigError] = []

    def error(self, key: str | None, message: str, hint: str | None = None) -> None:
        self.errors.append(ConfigError(self.source, key, message, hint))

    def key_name(self, key: str) -> str:
        """Editor settings are camelCase; kebab-case is accepted there too."""
        return camel_to_kebab(key) if self.editor else key

    def read(self, data: Mapping[str, Any]) -> Layer:
        if not isinstance(data, Mapping):
            self.error(None, f"expected a table of settings, got {_type_name(data)}")
            return Layer()
        families = _option_families()
        known = (*(EDITOR_KEYS if self.editor else FILE_KEYS), *families)
        values: dict[str, Any] = {"options": {}}
        for raw_key, value in data.items():
            label = str(raw_key)  # errors name the key as the user wrote it
            key = self.key_name(label)
            if key not in known:
                shown = [kebab_to_camel(name) for name in known] if self.editor else list(known)
                self.error(label, "unknown setting", did_you_mean(label, shown))
            elif key in EDITOR_ONLY_KEYS:
                continue
            elif key in SELECTOR_KEYS:
                values[key.replace("-", "_")] = self.selectors(label, value)
            elif key in GLOB_KEYS:
                values[key] = self.strings(label, value, what="glob patterns")
            elif key == "severity":
                values["severity"] = self.severity(value)
            elif key == "unsafe-fixes":
                values["unsafe_fixes"] = self.boolean(label, value)
            else:
                values["options"][key] = self.family_options(key, value, families[key])
        return Layer(**{name: value for name, value in values.items() if value is not None})

    def strings(self, key: str, value: Any, *, what: str) -> tuple[str, ...] | None:
        if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
            self.error(key, f"expected a list of {what}, got {_type_name(value)}")
            return None
        return tuple(value)

    def selectors(self, key: str, value: Any) -> tuple[str, ...] | None:
        items = self.strings(key, value, what="rule codes or prefixes")
        if items is None:
            return None
        valid = []
        for index, item in enumerate(items):
            selector = self.selector(f"{key}[{index}]", item)
            if selector is not None:
                valid.append(selector)
        return tuple(valid)

    def selector(self, key: str, item: str) -> str | None:
        selector = item.strip().upper()
        if selector == "ALL":
            return selector
        codes = _known_codes()
        if not _SELECTOR.fullmatch(selector) or not any(code.startswith(selector) for code in codes):
            prefixes = sorted({code.rstrip("0123456789") for code in codes} | set(codes))
            self.error(key, f"{item!r} is not a rule code or prefix", did_you_mean(selector, prefixes))
            return None
        return selector

    def severity(self, value: Any) -> dict[str, Severity] | None:
        if not isinstance(value, Mapping):
            self.error("severity", f"expected a table of rule code = severity, got {_type_name(value)}")
            return None
        severities: dict[str, Severity] = {}
        for code, level in value.items():
            key = f"severity.{code}"
            selector = self.selector(key, str(code))
            if not isinstance(level, str) or level.lower() not in SEVERITIES:
                shown = level if isinstance(level, str) else _type_name(level)
                hint = did_you_mean(level.lower(), SEVERITIES) if isinstance(level, str) else None
                self.error(key, f"{shown!r} is not a severity; use one of {', '.join(SEVERITIES)}", hint)
                continue
            if selector is not None:
                severities[selector] = Severity(level.lower())
        return severities

    def boolean(self, key: str, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, got {_type_name(value)}")
            return None
        return value

    def family_options(self, family: str, value: Any, fields: dict[str, dataclasses.Field]) -> dict[str, Any]:
        if self.editor and value == []:  # Neovim encodes an empty Lua table as []
            return {}
        if not isinstance(value, Mapping):
            self.error(family, f"expected a table of {family} options, got {_type_name(value)}")
            return {}
        chosen: dict[str, Any] = {}
        for raw_key, option in value.items():
            name = self.key_name(str(raw_key))
            key = f"{family}.{raw_key}"
            if name not in fields:
                shown = [kebab_to_camel(known) for known in fields] if self.editor else list(fields)
                self.error(key, f"unknown {family} option", did_you_mean(str(raw_key), shown))
                continue
            checked = self.option_value(key, option, family, fields[name])
            if checked is _UNSET_TO_NONE:
                chosen[fields[name].name] = None
            elif checked is not None:
                chosen[fields[name].name] = checked
        return chosen

    def option_value(self, key: str, value: Any, family: str, spec: dataclasses.Field) -> Any:
        allowed = _annotation_types(spec)
        if value is None and type(None) in allowed:
            return _UNSET_TO_NONE
        if allowed and not _is_instance(value, allowed):
            names = " or ".join(_TYPE_WORDS.get(kind, kind.__name__) for kind in allowed if kind is not type(None))
            self.error(key, f"expected {names}, got {_type_name(value)}")
            return None
        choices = spec.metadata.get("choices") or OPTION_CHOICES.get((family, spec.name))
        if choices and value not in choices:
            hint = did_you_mean(str(value), choices)
            self.error(key, f"{value!r} is not one of {', '.join(map(repr, choices))}", hint)
            return None
        return tuple(value) if isinstance(value, list) else value


# An option explicitly set to null (possible in editor settings, not in TOML).
_UNSET_TO_NONE = object()
_TYPE_WORDS = {bool: "true or false", str: "a string", int: "an integer", float: "a number", tuple: "a list"}
_ANNOTATION_TYPES = {
    "bool": bool,
    "str": str,
    "int": int,
    "float": float,
    "None": type(None),
    "tuple": tuple,
    "list": tuple,
}


def _annotation_types(spec: dataclasses.Field) -> tuple[type, ...]:
    """The types an option field accepts, read from its annotation ("str | None", "tuple[str, ...]")."""
    annotation = spec.type if isinstance(spec.type, str) else getattr(spec.type, "__name__", "")
    kinds = []
    for part in annotation.split("|"):
        name = part.strip().split("[", 1)[0]
        if name in _ANNOTATION_TYPES:
            kinds.append(_ANNOTATION_TYPES[name])
    return tuple(kinds)


def _is_instance(value: Any, allowed: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # TOML booleans are not integers here
        return bool in allowed
    if isinstance(value, (list, tuple)):
        return tuple in allowed and all(isinstance(item, str) for item in value)
    return isinstance(value, tuple(kind for kind in allowed if kind not in (bool, tuple)))


def _option_families() -> dict[str, dict[str, dataclasses.Field]]:
    """``{"apt": {"docker-clean": Field, ...}, ...}`` from the ``Options`` dataclasses."""
    families = {}
    for family in dataclasses.fields(Options):
        options_class = family.default_factory  # type: ignore[misc]
        families[family.name] = {spec.name.replace("_", "-"): spec for spec in dataclasses.fields(options_class)}
    return families


def _known_codes() -> list[str]:
    from dockerls.rules import RULES

    return [rule.code for rule in RULES]


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a table"}
    for kind, name in names.items():
        if type(value) is kind:
            return name
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__
