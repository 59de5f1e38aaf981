"""Rule behaviour beyond the golden fixtures: options, edge cases, severities, completions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dockerls.core.buildcontext import MemoryContext
from dockerls.core.findings import Severity
from dockerls.engine import LintSettings
from tests.linting import lint
from dockerls.core.options import CargoOptions, Options

from .helpers import app_context, codes, fixed, parses_cleanly

BUILD = "FROM rust:1.81 AS build\nWORKDIR /app\n"
FINAL = "FROM debian:bookworm-slim\nCOPY --from=build /app/target/release/app /usr/local/bin/app\n"


def settings(**cargo) -> LintSettings:
    return LintSettings(options=Options(cargo=replace(CargoOptions(), **cargo)))


def messages(text: str, code: str, context=None) -> list[str]:
    return [f.message for f in lint(text, build_context=context or app_context()) if f.code == code]


# --- CRG001 -----------------------------------------------------------------------------------


def test_complete_mounts_are_left_alone():
    text = (
        "FROM rust\nRUN --mount=type=cache,target=/usr/local/cargo \\\n    cargo fetch\n"
        "RUN --mount=type=cache,target=/usr/local/cargo/registry \\\n"
        "    --mount=type=cache,target=/usr/local/cargo/git \\\n    cargo fetch\n"
    )
    assert codes(text) == []


def test_a_mount_below_the_registry_does_not_cover_it():
    # One meaning of "covered" (issue 13): a cache mount at the path or above it. A mount of
    # registry/cache keeps the .crate files, but the index and unpacked sources stay in the image.
    text = (
        "FROM rust\nRUN --mount=type=cache,target=/usr/local/cargo/registry/cache \\\n"
        "    --mount=type=cache,target=/usr/local/cargo/git \\\n    cargo fetch\n"
    )
    assert codes(text) == ["CRG001"]
    assert "/usr/local/cargo/registry" in messages(text, "CRG001")[0]


def test_non_root_mount_without_uid_is_completed():
    text = (
        "FROM rust\nRUN useradd -u 1001 ci\nUSER ci\n"
        "RUN --mount=type=cache,target=/usr/local/cargo/registry \\\n"
        "    --mount=type=cache,target=/usr/local/cargo/git/db,uid=1001 \\\n    cargo fetch\n"
    )
    (finding,) = [f for f in lint(text) if f.code == "CRG001"]
    assert "cannot write cache mounts owned by root" in finding.message
    result = fixed(text)
    assert "--mount=type=cache,target=/usr/local/cargo/registry,uid=1001 \\" in result
    assert "--mount=type=cache,target=/usr/local/cargo/git/db,uid=1001 \\" in result
    assert parses_cleanly(result) and codes(result) == []


def test_sharing_option():
    text = "FROM rust\nRUN cargo fetch\n"
    result = fixed(text, settings=settings(sharing="shared"))
    assert "--mount=type=cache,target=/usr/local/cargo/registry \\" in result and "sharing" not in result
    assert parses_cleanly(result)


def test_unknown_cargo_home_gets_a_finding_without_fix():
    text = "FROM rust\nRUN CARGO_HOME=$SOMEWHERE cargo fetch\n"
    (finding,) = lint(text)
    assert finding.fix is None and "CARGO_HOME is unknown" in finding.message


def test_first_line_mounts_get_their_own_line():
    text = "FROM rust\nRUN --mount=type=bind,source=x,target=/x cargo fetch\n"
    result = fixed(text)
    assert result == (
        "FROM rust\nRUN --mount=type=bind,source=x,target=/x \\\n"
        "    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \\\n"
        "    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \\\n    cargo fetch\n"
    )
    assert parses_cleanly(result)


# --- CRG002 -----------------------------------------------------------------------------------


def test_cache_target_option_turns_the_rule_off():
    text = BUILD + "RUN cargo build --release\n" + FINAL
    assert "CRG002" in codes(text, app_context())
    assert "CRG002" not in [f.code for f in lint(text, settings(cache_target=False), app_context())]


def test_artifact_dir_option():
    text = BUILD + "RUN cargo build --release\n" + FINAL
    result = fixed(text, app_context(), settings=settings(artifact_dir="/opt/bin"))
    assert "cp /app/target/release/app /opt/bin/app" in result and "COPY --from=build /opt/bin/app" in result
    assert parses_cleanly(result)


def test_rewritten_instructions_are_related_places_of_the_one_finding():
    text = BUILD + "RUN cargo build --release\nFROM build AS t\nCMD ./target/release/app --serve\n" + FINAL
    (found,) = [f for f in lint(text, build_context=app_context()) if f.code == "CRG002"]
    assert found.severity is Severity.WARNING
    assert [text[r.span.start : r.span.end] for r in found.related] == [
        "./target/release/app", "/app/target/release/app"
    ]
    result = fixed(text, app_context(), unsafe=True)
    assert "CMD /usr/local/bin/app --serve" in result and parses_cleanly(result)


def test_bind_mount_from_the_build_stage_is_rewritten():
    text = (
        BUILD + "RUN cargo build --release\nFROM debian\n"
        "RUN --mount=type=bind,from=build,source=/app/target/release/app,target=/tmp/app /tmp/app --version\n"
    )
    result = fixed(text, app_context(), unsafe=True)
    assert "--mount=type=bind,from=build,source=/usr/local/bin/app,target=/tmp/app" in result
    assert parses_cleanly(result)


@pytest.mark.parametrize(
    "later, reason",
    [
        ("FROM build\nENV PATH=/app/target/release:$PATH\n", "line 5 mentions /app/target"),
        ("FROM build\nRUN sh -c 'ls target/release'\n", "cannot follow"),
        ("FROM build\nRUN app --check\n", "shadow the app command"),
        ("FROM debian\nCOPY --from=$STAGE /app/target/release/app /x\n", "a variable hides"),
        ("FROM build\nRUN tar czf /out.tgz /app\n", "which holds /app/target"),
        ("FROM debian\nCOPY --from=build /app /app\n", "which holds /app/target"),
    ],
)
def test_unresolvable_later_uses_leave_target_uncached(later, reason):
    text = BUILD + "RUN cargo build --release\n" + later + FINAL
    (message,) = messages(text, "CRG002")
    assert "left uncached" in message and reason in message, message
    assert "--mount=type=cache,target=/app/target" not in fixed(text, app_context(), unsafe=True)


def test_non_root_build_is_not_copied_out():
    text = "FROM rust AS build\nRUN useradd -u 1000 b\nUSER b\nWORKDIR /home/b/app\nRUN cargo build -r\n"
    text += "FROM debian\nCOPY --from=build /home/b/app/target/release/app /app\n"
    (message,) = messages(text, "CRG002")
    assert "runs as b" in message


@pytest.mark.parametrize(
    "body, appended",
    [
        ("set -e; cargo build --release; echo built", "echo built && \\\n    cp /app/target/release/app"),
        ("cargo build --release && strip target/release/app", "strip target/release/app && \\\n    cp "),
    ],
)
def test_copy_is_appended_after_what_the_build_runs(body, appended):
    text = BUILD + f"RUN {body}\n" + FINAL
    result = fixed(text, app_context())
    assert appended in result and parses_cleanly(result)


def test_failure_hidden_by_a_semicolon_is_not_copied_after():
    text = BUILD + "RUN cargo build --release; echo built\n" + FINAL
    (message,) = messages(text, "CRG002")
    assert "could hide its failure" in message


def test_shell_with_errexit_counts():
    text = BUILD + 'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN cargo build --release; echo built\n' + FINAL
    assert "echo built && \\\n    cp /app/target/release/app" in fixed(text, app_context())


# --- CRG003 -----------------------------------------------------------------------------------

COPIES = BUILD + "COPY Cargo.toml Cargo.lock ./\nCOPY src src\nRUN cargo build --locked --release\n" + FINAL


def test_bind_sources_option_turns_the_rule_off():
    assert "CRG003" in codes(COPIES, app_context())
    assert "CRG003" not in [f.code for f in lint(COPIES, settings(bind_sources=False), app_context())]


def test_excluded_source_is_not_bound():
    context = MemoryContext({"Cargo.toml": "", "Cargo.lock": "", "src/main.rs": ""}, dockerignore="Cargo.lock\n")
    result = fixed(COPIES, context)
    assert "COPY Cargo.toml Cargo.lock ./" in result and "source=src,target=src" in result
    assert parses_cleanly(result)


@pytest.mark.parametrize(
    "copy",
    ["COPY --chmod=644 src src", "COPY src* ./", "COPY --from=other /src src", "ADD src src", "COPY <<EOF src/x\nEOF"],
)
def test_unusual_copies_are_kept(copy):
    text = BUILD + copy + "\nRUN cargo build --locked --release\n" + FINAL
    assert "CRG003" not in codes(text, app_context())


def test_later_stage_reading_the_sources_keeps_them():
    text = COPIES + "COPY --from=build /app/src/main.rs /main.rs\n"
    result = fixed(text, app_context())
    assert "COPY src src" in result and "source=Cargo.toml" in result and parses_cleanly(result)


def test_non_root_chown_copy_is_unsafe():
    text = (
        "FROM rust AS build\nRUN useradd -u 1000 b\nUSER b\nWORKDIR /home/b/app\n"
        "COPY --chown=b . .\nRUN cargo build --locked -r\nFROM debian\nCOPY --from=build /home/b/app/x /x\n"
    )
    (finding,) = [f for f in lint(text, build_context=app_context()) if f.code == "CRG003" and f.severity != Severity.HINT]
    assert not finding.fix.is_safe and "COPY --chown" in finding.fix.title


def test_copy_into_a_system_directory_is_kept():
    text = "FROM rust AS build\nCOPY . /usr/local/\nRUN cd /usr/local && cargo build --locked\n"
    assert "CRG003" not in codes(text, app_context())


# --- CRG004 -----------------------------------------------------------------------------------


def test_cached_target_read_later_is_an_error():
    text = BUILD + "RUN --mount=type=cache,target=target cargo build --release\n" + FINAL
    (error,) = [f for f in lint(text, build_context=app_context()) if f.code == "CRG004" and f.severity is Severity.ERROR]
    assert "not in the image" in error.message and error.fix is not None and error.fix.is_safe


def test_later_run_with_the_same_cache_sees_it_with_or_without_cargo():
    first = BUILD + "RUN --mount=type=cache,target=/app/target cargo build --release\n"
    with_cargo = first + "RUN --mount=type=cache,target=/app/target cargo build -r && cp target/release/app /bin/\n"
    without_cargo = first + "RUN --mount=type=cache,target=/app/target cp target/release/app /bin/\n"
    assert "CRG004" not in codes(with_cargo, app_context())
    # The same cache is in that RUN's view (#16); without the mount, the copy finds nothing.
    assert "CRG004" not in codes(without_cargo, app_context())
    unmounted = first + "RUN cp target/release/app /bin/\n"
    (error,) = [f for f in lint(unmounted, build_context=app_context()) if f.severity is Severity.ERROR]
    assert error.code == "CRG004" and unmounted[error.span.start : error.span.end] == "target/release/app"
