"""APT001: which mounts a RUN gets, and which cleanup goes with them."""

from __future__ import annotations

import pytest

from tests.linting import lint

from tests.rules.apt.support import codes, findings, fixed, run_mounts

CACHE = "--mount=type=cache,target=/var/cache/apt,sharing=locked"
LISTS = "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked"


def test_seed_shape_gets_both_mounts_and_loses_the_list_cleanup():
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    assert fixed(text, docker_clean=False) == (
        "FROM debian\n"
        f"RUN {CACHE} \\\n"
        f"    {LISTS} \\\n"
        "    apt-get update && apt-get install -y curl\n"
    )


def test_the_removed_cleanup_is_marked_unnecessary():
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    (finding,) = findings(text)
    assert [text[span.start : span.end] for span in finding.unnecessary] == ["rm -rf /var/lib/apt/lists/*"]
    assert text[finding.span.start : finding.span.end] == "apt-get update"


def test_install_without_update_keeps_the_list_cleanup():
    text = "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl && apt-get clean && rm -rf /var/lib/apt/lists/*\n"
    result = fixed(text, docker_clean=False)
    assert result.endswith(f"RUN {CACHE} \\\n    apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")
    assert run_mounts(result) == [(CACHE,), (CACHE,)]


def test_lists_left_by_an_earlier_layer_keep_var_lib_apt_unmounted():
    text = "FROM debian\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    result = fixed(text, docker_clean=False)
    assert run_mounts(result) == [(CACHE,), (CACHE,)]
    assert result.count("rm -rf /var/lib/apt/lists/*") == 1


def test_lists_read_by_a_later_run_keep_var_lib_apt_unmounted():
    text = "FROM debian AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN apt-get install -y git\n"
    assert run_mounts(fixed(text, docker_clean=False)) == [(CACHE,), (CACHE,)]


def test_lists_deleted_before_a_later_run_do_not_matter():
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y curl\n"
    assert run_mounts(fixed(text, docker_clean=False))[0] == (CACHE, LISTS)


@pytest.mark.parametrize(
    "later",
    ["RUN apt-get purge -y --auto-remove curl", "RUN apt-mark manual curl", "RUN apt-get autoremove -y"],
)
def test_auto_install_marks_used_later_stay_in_the_image(later):
    # extended_states, where the marks live, is beside the lists: only the lists are mounted
    # (tests/build/pairs/apt-marks-official-style proves it in a real build).
    text = f"FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n{later}\n"
    result = fixed(text, docker_clean=False)
    assert run_mounts(result)[0] == (CACHE, LISTS)
    assert "extended_states" not in result and "target=/var/lib/apt," not in result


def test_the_seed_mount_of_all_of_var_lib_apt_is_accepted():
    text = (
        "FROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked "
        "--mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n"
    )
    assert [f for f in lint(text) if f.code == "APT001"] == []


@pytest.mark.parametrize(
    "body",
    [
        "[ -d /var/lib/apt/lists/partial ] || apt-get update; apt-get install -y curl",
        "apt-get install -y gnupg && apt-get update && apt-get install -y curl",
        "(apt-get update) && apt-get install -y curl",
    ],
    ids=["conditional-update", "install-before-update", "update-in-subshell"],
)
def test_var_lib_apt_needs_an_unconditional_update_first(body):
    assert run_mounts(fixed(f"FROM debian\nRUN {body}\n", docker_clean=False)) == [(CACHE,)]


def test_download_only_is_not_reported():
    assert codes("FROM debian\nRUN apt-get update && apt-get install -y --download-only curl\n") == []
    assert codes("FROM debian\nRUN apt-get update && apt-get -yd install curl\n") == []


def test_commands_that_only_read_are_not_reported():
    assert codes("FROM debian\nRUN apt-cache policy curl && apt-get purge -y curl && apt-get clean\n") == []


@pytest.mark.parametrize(
    "command",
    ["sudo apt-get install -y curl", "DEBIAN_FRONTEND=noninteractive apt-get install -y curl",
     "env DEBIAN_FRONTEND=noninteractive apt-get -q install -y curl", "xargs -r apt-get install -y < pkgs",
     "/usr/bin/apt-get -o Dpkg::Options::=--force-confold install -y curl"],
)
def test_wrapped_and_optioned_calls_are_recognised(command):
    (finding,) = findings(f"FROM debian\nRUN {command}\n")
    assert finding.code == "APT001"
    assert finding.message == "apt-get install runs without a cache mount for /var/cache/apt"


def test_an_existing_mount_with_an_unknown_target_is_not_duplicated():
    assert codes("FROM debian\nRUN --mount=type=cache,target=$APT_CACHE apt-get install -y curl\n") == []


def test_a_mount_below_var_cache_apt_counts():
    text = "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt/archives,sharing=locked apt-get install -y curl\n"
    assert "APT001" not in codes(text)


def test_a_script_the_shell_parser_cannot_read_only_gets_var_cache_apt():
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* && if then fi\n"
    (finding,) = [f for f in findings(text) if f.code == "APT001"]
    assert finding.unnecessary == ()
    result = fixed(text, docker_clean=False)
    assert run_mounts(result) == [(CACHE,)]
    assert "rm -rf /var/lib/apt/lists/*" in result


@pytest.mark.parametrize("syntax", ["docker/dockerfile:1.1", "docker/dockerfile:1.0.2", "docker.io/docker/dockerfile:1.1"])
def test_a_frontend_without_mounts_gets_no_fix(syntax):
    text = f"# syntax={syntax}\nFROM debian\nRUN apt-get install -y curl\n"
    (finding,) = findings(text)
    assert finding.fix is None
    assert "predates RUN --mount" in finding.message
    assert fixed(text) == text


@pytest.mark.parametrize("syntax", ["docker/dockerfile:1", "docker/dockerfile:1.2", "docker/dockerfile:1.1-experimental", "docker/dockerfile:1.10"])
def test_frontends_with_mounts_get_the_fix(syntax):
    text = f"# syntax={syntax}\nFROM debian\nRUN apt-get install -y curl\n"
    assert findings(text)[0].fix is not None


@pytest.mark.parametrize("sharing", ["locked", "private", "shared"])
def test_the_sharing_option_is_written(sharing):
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl\n"
    assert run_mounts(fixed(text, sharing=sharing, docker_clean=False)) == [
        (
            f"--mount=type=cache,target=/var/cache/apt,sharing={sharing}",
            f"--mount=type=cache,target=/var/lib/apt/lists,sharing={sharing}",
        )
    ]


def test_windows_files_get_nothing():
    for text in (
        "# escape=`\nFROM debian\nRUN apt-get update && apt-get install -y curl\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN apt-get install -y curl\n",
    ):
        assert [f for f in lint(text) if f.code.startswith("APT")] == []


def test_a_cleanup_after_or_stays_and_is_reported_without_fix():
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl || apt-get clean\n"
    result = fixed(text, docker_clean=False)
    assert result.endswith("apt-get update && apt-get install -y curl || apt-get clean\n")
    (left,) = findings(result, docker_clean=False)
    assert (left.code, left.fix) == ("APT005", None)


def test_mixed_connectors_keep_the_cleanup():
    # `a && rm; b`: dropping the rm would make b depend on a (or stop depending on it).
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*; echo done\n"
    result = fixed(text, docker_clean=False)
    assert "apt-get install -y curl && rm -rf /var/lib/apt/lists/*; echo done" in result


def test_crlf_and_astral_characters_before_the_site():
    text = "FROM debian\r\n# 🐳 キャッシュ\r\nRUN apt-get update && \\\r\n    # 🧹 掃除\r\n    apt-get install -y curl && \\\r\n    rm -rf /var/lib/apt/lists/*\r\n"
    result = fixed(text)
    assert result == (
        "FROM debian\r\n"
        "RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";'"
        " > /etc/apt/apt.conf.d/keep-cache\r\n"
        "# 🐳 キャッシュ\r\n"
        f"RUN {CACHE} \\\r\n"
        f"    {LISTS} \\\r\n"
        "    apt-get update && \\\r\n"
        "    # 🧹 掃除\r\n"
        "    apt-get install -y curl\r\n"
    )
