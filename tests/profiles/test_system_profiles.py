"""The system managers' and NuGet's entries read the way their documentation says (issue 14)."""

from __future__ import annotations

import pytest

from dockerls.analysis.images import image_matches, image_tag
from dockerls.analysis.invocations import invocations
from dockerls.profiles import APK, DNF, NUGET, ZYPPER
from dockerls.rules.managers.cache import cache_location, program_variant
from dockerls.rules.managers.keeping import keeps, refreshes
from dockerls.syntax import parse


def calls(text: str, profile, base: str = "alpine:3.20"):
    document = parse(f"FROM {base}\n" + text + "\n")
    found = [call for instruction in document.instructions for call in invocations(instruction, profile)]
    return document, found


def test_apk_virtual_group_is_not_a_package_and_del_is_not_an_install() -> None:
    _, found = calls("RUN apk add --no-cache -t .build-deps gcc && apk del .build-deps", APK)
    (add,) = found
    assert add.options["virtual"] == ".build-deps"
    assert [word.text for word in add.positionals] == ["gcc"]
    assert [word.text for word in add.cache_off] == ["--no-cache"]


@pytest.mark.parametrize(
    "text, kept, refreshed",
    [
        ("RUN apk add curl", False, False),
        ("RUN apk --cache-dir /var/cache/apk add -U curl", True, True),
        ("RUN apk add --cache-packages --update curl", True, True),
        ("RUN apk update && apk add curl", False, True),
        ("RUN ln -s /var/cache/apk /etc/apk/cache\nRUN apk add curl", True, False),
    ],
)
def test_apk_keeps_packages_only_when_told(text: str, kept: bool, refreshed: bool) -> None:
    _, found = calls(text, APK)
    assert keeps(found[-1]) is kept
    assert refreshes(found[-1]) is refreshed


def test_apk_cache_dir_option_moves_the_fixed_cache() -> None:
    document, (call,) = calls("RUN apk --cache-dir /cache/apk add curl", APK)
    assert cache_location(document, call).targets == ("/cache/apk",)


@pytest.mark.parametrize(
    "base, program, variant, targets",
    [
        ("fedora:40", "dnf", "dnf 4", ("/var/cache/dnf",)),
        ("fedora:41", "dnf", "dnf5", ("/var/cache/libdnf5",)),
        ("fedora", "dnf", "dnf5", ("/var/cache/libdnf5",)),
        ("fedora:41", "yum", "dnf5", ("/var/cache/libdnf5",)),
        ("rockylinux:9.3", "dnf", "dnf 4", ("/var/cache/dnf",)),
        ("quay.io/centos/centos:stream9", "dnf", "dnf 4", ("/var/cache/dnf",)),
        ("registry.access.redhat.com/ubi9/ubi:9.4", "yum", "dnf 4", ("/var/cache/dnf",)),
        ("centos:7", "yum", "yum 3", ("/var/cache/yum",)),
        ("amazonlinux:2", "yum", "yum 3", ("/var/cache/yum",)),
        ("example.com/base", "dnf5", "dnf5", ("/var/cache/libdnf5",)),
        ("example.com/base", "microdnf", "microdnf", ("/var/cache/yum",)),
        ("example.com/base", "dnf", None, ("/var/cache/dnf", "/var/cache/libdnf5")),
        ("example.com/base", "yum", None, ("/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum")),
    ],
)
def test_the_image_tells_which_program_dnf_and_yum_start(base, program, variant, targets) -> None:
    document, (call,) = calls(f"RUN {program} install -y tar", DNF, base)
    found, assumption = program_variant(document, call)
    assert (found.name if found else None) == variant
    assert (assumption is None) is (variant is not None)
    assert cache_location(document, call).targets == targets


@pytest.mark.parametrize(
    "text, kept",
    [
        ("RUN dnf install -y tar", False),
        ("RUN dnf --setopt=keepcache=1 install -y tar", True),
        ("RUN dnf install --setopt keepcache=True -y tar", True),
        ("RUN dnf install -y --setopt=keepcache=0 tar", False),
        ("RUN yum install -y --setopt=install_weak_deps=False tar", False),
    ],
)
def test_dnf_keepcache_setting(text: str, kept: bool) -> None:
    _, (call,) = calls(text, DNF, "rockylinux:9")
    assert keeps(call) is kept


def test_dnf_setting_that_moves_the_cache_blocks_the_fix() -> None:
    document, (call,) = calls("RUN dnf --setopt=cachedir=/c install -y tar", DNF, "rockylinux:9")
    assert "moves its cache" in cache_location(document, call).problem


def test_zypper_short_global_options_that_mean_else_after_the_command_are_not_read() -> None:
    document, (call,) = calls("RUN zypper -n in -D curl", ZYPPER, "opensuse/leap:15.6")
    assert cache_location(document, call).targets == ("/var/cache/zypp",)


def test_nuget_readers_and_the_global_packages_folder() -> None:
    document, (restore, publish) = calls("RUN dotnet restore\nRUN dotnet publish --no-restore -o /app", NUGET, "mcr.microsoft.com/dotnet/sdk:8.0")
    assert cache_location(document, restore).targets == ("/root/.nuget/packages",)
    assert "no-restore" in publish.options and publish.spec.reads_only == ("no-restore",)


@pytest.mark.parametrize(
    "pattern, base, matches",
    [
        ("ubi9/ubi-minimal", "registry.access.redhat.com/ubi9/ubi-minimal:9.4", True),
        ("ubi9/ubi-minimal", "registry.access.redhat.com/ubi8/ubi-minimal", False),
        (r"ubi8/ubi-minimal:(latest|8\.([4-9]|1\d).*)", "registry.access.redhat.com/ubi8/ubi-minimal", True),
        (r"ubi8/ubi-minimal:(latest|8\.([4-9]|1\d).*)", "registry.access.redhat.com/ubi8/ubi-minimal:8.2", False),
        (r"fedora:(4[1-9]|[5-9]\d|latest|rawhide)(\..*)?", "docker.io/library/fedora:42", True),
        ("rockylinux", "rockylinux:9@sha256:abc", True),
    ],
)
def test_image_patterns(pattern: str, base: str, matches: bool) -> None:
    assert image_matches(pattern, base) is matches


def test_image_tag() -> None:
    assert image_tag("registry:5000/ubi8/ubi-minimal") == "latest"
    assert image_tag("fedora:41") == "41"
