"""APT002 (sharing), APT004 (lists mount without update), APT005 (cleanup that wipes the cache)."""

from __future__ import annotations

from tests.rules.apt.support import codes, findings, fixed, run_mounts

CLEAN = "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"


def test_missing_sharing_is_set_to_locked():
    text = f"FROM debian\n{CLEAN}RUN --mount=type=cache,dst=/var/cache/apt,id=apt apt-get install -y curl\n"
    assert codes(text) == ["APT002"]
    assert fixed(text).endswith("RUN --mount=type=cache,dst=/var/cache/apt,id=apt,sharing=locked apt-get install -y curl\n")


def test_explicit_shared_is_replaced_and_private_is_left_alone():
    text = (
        f"FROM debian\n{CLEAN}"
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=shared "
        "--mount=type=cache,target=/var/lib/apt,sharing=private apt-get update && apt-get install -y curl\n"
    )
    assert [f.code for f in findings(text)] == ["APT002"]
    assert run_mounts(fixed(text)) == [
        (),
        ("--mount=type=cache,target=/var/cache/apt,sharing=locked", "--mount=type=cache,target=/var/lib/apt,sharing=private"),
    ]


def test_relative_targets_resolve_against_workdir():
    text = f"FROM debian\n{CLEAN}WORKDIR /var/cache\nRUN --mount=type=cache,target=apt apt-get install -y curl\n"
    assert codes(text) == ["APT002"]


def test_the_sharing_option_decides():
    text = f"FROM debian\n{CLEAN}RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n"
    assert codes(text, sharing="shared") == []
    assert fixed(text, sharing="private").endswith("target=/var/cache/apt,sharing=private apt-get install -y curl\n")


def test_lists_mount_without_update_is_an_error_with_a_safe_fix_when_lists_exist():
    text = f"FROM debian\n{CLEAN}RUN apt-get update\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get install -y curl\n"
    (finding,) = [f for f in findings(text) if f.code == "APT004"]
    assert finding.severity.value == "error" and finding.fix.is_safe
    assert run_mounts(fixed(text))[-1] == ("--mount=type=cache,target=/var/cache/apt,sharing=locked",)


def test_lists_mount_without_update_is_unsafe_to_remove_when_no_layer_has_lists():
    text = f"FROM debian\n{CLEAN}RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get install -y curl\n"
    (finding,) = [f for f in findings(text) if f.code == "APT004"]
    assert not finding.fix.is_safe
    assert "--mount=type=cache,target=/var/lib/apt/lists" in fixed(text)
    assert "--mount=type=cache,target=/var/lib/apt/lists" not in fixed(text, unsafe=True)


def test_lists_mount_with_update_or_without_apt_is_fine():
    assert "APT004" not in codes(
        f"FROM debian\n{CLEAN}RUN --mount=type=cache,target=/var/lib/apt,sharing=locked "
        "--mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y curl\n"
    )
    assert codes(f"FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked echo hi\n") == []


def test_cleanup_inside_the_mounts_is_removed():
    text = (
        f"FROM debian\n{CLEAN}"
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n"
        "    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n"
        "    apt-get update && apt-get install -y curl && apt-get clean && \\\n"
        "    rm -rf /var/lib/apt/lists/* /var/cache/apt/* && echo done\n"
    )
    found = findings(text)
    assert [f.code for f in found] == ["APT005", "APT005"]
    assert [text[s.start : s.end] for f in found for s in f.unnecessary] == [
        "apt-get clean",
        "rm -rf /var/lib/apt/lists/* /var/cache/apt/*",
    ]
    assert fixed(text).endswith("    apt-get update && apt-get install -y curl && echo done\n")


def test_cleanup_outside_the_mounts_stays():
    text = (
        f"FROM debian\n{CLEAN}"
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y curl && "
        "apt-get clean && rm -rf /var/lib/apt/lists/*\n"
    )
    assert fixed(text).endswith("apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")


def test_autoclean_and_autoremove_are_not_cleanup():
    text = (
        f"FROM debian\n{CLEAN}"
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y curl && "
        "apt-get autoremove -y && apt-get autoclean\n"
    )
    assert codes(text) == []


def test_rm_with_options_we_do_not_model_is_left_alone():
    text = (
        f"FROM debian\n{CLEAN}"
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get install -y curl && "
        "rm -rf --interactive=never /var/cache/apt/*\n"
    )
    assert codes(text) == []
