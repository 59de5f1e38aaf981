"""Parsed parts of an instruction moved to a later place in the text (incremental parsing).

An instruction reused below an edit records only how far it moved (see
:class:`dockerls.syntax.model.Instruction`); the parts built here are made
the first time a rule reads them. They are new objects: the version the
instruction was parsed in is never mutated.
"""

from __future__ import annotations

from dockerls.syntax.model import Flag, Heredoc, Layout, MountOption, SourceMap, Span


def _span(span: Span, delta: int) -> Span:
    return Span(span[0] + delta, span[1] + delta)


def _optional(span: Span | None, delta: int) -> Span | None:
    return None if span is None else Span(span[0] + delta, span[1] + delta)


def _flag(flag: Flag, delta: int) -> Flag:
    return Flag(
        flag.name,
        flag.value,
        _span(flag.span, delta),
        _span(flag.name_span, delta),
        _optional(flag.value_span, delta),
        tuple(
            MountOption(o.key, o.value, _span(o.span, delta), _span(o.key_span, delta), _optional(o.value_span, delta))
            for o in flag.mount_options
        )
        if flag.mount_options
        else (),
    )


def _heredoc(heredoc: Heredoc, delta: int) -> Heredoc:
    return Heredoc(
        heredoc.name,
        heredoc.strip_tabs,
        heredoc.quoted,
        _span(heredoc.marker_span, delta),
        _span(heredoc.body_span, delta),
        _optional(heredoc.terminator_span, delta),
    )


def shift_source_map(args_map: SourceMap, delta: int) -> SourceMap:
    return SourceMap([(logical, source + delta, length) for logical, source, length in args_map.pieces])


def shift_layout(layout: Layout, delta: int) -> Layout:
    """``layout`` ``delta`` characters later in the text."""
    return Layout(
        layout.keyword,
        _span(layout.keyword_span, delta),
        _span(layout.span, delta),
        _span(layout.extent, delta),
        tuple(_flag(flag, delta) for flag in layout.flags) if layout.flags else (),
        layout.args,
        _span(layout.args_span, delta),
        shift_source_map(layout.args_map, delta),
        layout.is_exec_form,
        layout.exec_args,
        tuple(_heredoc(heredoc, delta) for heredoc in layout.heredocs) if layout.heredocs else (),
        tuple(_span(span, delta) for span in layout.inner_comments) if layout.inner_comments else (),
        layout.line_start + delta,
    )
