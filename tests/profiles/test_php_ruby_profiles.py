"""Composer's, RubyGems' and Bundler's entries read the way their documentation says (issue 14)."""

from __future__ import annotations

import pytest

from dockerls.analysis.invocations import invocations
from dockerls.engine import LintSettings
from dockerls.profiles import BUNDLER, COMPOSER, GEM
from dockerls.rules.managers.analysis import bind_allowed
from dockerls.rules.managers.cache import cache_location
from dockerls.syntax import parse
from tests.linting import fix, lint


def located(text: str, profile, base: str):
    document = parse(f"FROM {base}\n" + text + "\n")
    (call,) = [call for instruction in document.instructions for call in invocations(instruction, profile)]
    return cache_location(document, call)


@pytest.mark.parametrize(
    "base, text, targets",
    [
        ("composer:2", "RUN composer install", ("/tmp/cache",)),
        # No COMPOSER_HOME: ~/.composer/cache, which Composer uses whenever it exists (XDG or not).
        ("php:8.3-cli", "RUN composer install", ("/root/.composer/cache",)),
        ("php:8.3-cli", "ENV COMPOSER_HOME=/opt/c\nRUN composer install", ("/opt/c/cache",)),
        ("composer:2", "ENV COMPOSER_CACHE_DIR=/cc\nRUN composer install", ("/cc",)),
        ("php:8.3-cli", "ENV XDG_CACHE_HOME=/xdg\nRUN composer install", ("/xdg/composer",)),
        # /dev/null turns the cache off: it says nothing of where the cache is.
        ("composer:2", "ENV COMPOSER_CACHE_DIR=/dev/null\nRUN composer install", ("/tmp/cache",)),
        ("php:8.3-cli", "RUN useradd -u 1000 -m app\nUSER app\nRUN composer install", ("/home/app/.composer/cache",)),
    ],
)
def test_composer_cache_directory(base: str, text: str, targets: tuple[str, ...]) -> None:
    location = located(text, COMPOSER, base)
    assert location.targets == targets
    assert location.problem is None


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("RUN composer install", True),
        ("RUN composer update", False),
        ("RUN composer require monolog/monolog", False),
    ],
)
def test_composer_files_are_read_only_for_install_alone(text: str, allowed: bool) -> None:
    document = parse("FROM composer:2\nWORKDIR /app\nCOPY composer.json composer.lock ./\n" + text + "\n")
    (call,) = invocations(document.instructions[-1], COMPOSER)
    assert bind_allowed(call) is allowed


@pytest.mark.parametrize(
    "profile, text, targets",
    [
        (GEM, "RUN gem install rake", ("/usr/local/bundle/cache",)),
        (GEM, "RUN gem install -i /opt/gems rake", ("/opt/gems/cache",)),
        (GEM, "RUN gem install --install-dir=/opt/gems rake", ("/opt/gems/cache",)),
        (GEM, "ENV GEM_HOME=/g\nRUN gem install rake", ("/g/cache",)),
        (BUNDLER, "RUN bundle install", ("/usr/local/bundle/cache",)),
        (BUNDLER, "RUN bundle", ("/usr/local/bundle/cache",)),
        (BUNDLER, "ENV GEM_HOME=/g\nRUN bundle install --jobs 4", ("/g/cache",)),
    ],
)
def test_gem_cache_is_the_install_directorys_cache(profile, text: str, targets: tuple[str, ...]) -> None:
    location = located(text, profile, "ruby:3.3")
    assert location.targets == targets
    assert location.problem is None


@pytest.mark.parametrize(
    "profile, base, text, why",
    [
        (BUNDLER, "ruby:3.3", "ENV BUNDLE_PATH=/gems\nRUN bundle install", "BUNDLE_PATH=/gems installs"),
        (BUNDLER, "ruby:3.3", "ENV BUNDLE_DEPLOYMENT=1\nRUN bundle install", "BUNDLE_DEPLOYMENT=1 installs"),
        (BUNDLER, "ruby:3.3", "RUN bundle install --path vendor/bundle", "`--path` installs"),
        (BUNDLER, "ruby:3.3", "RUN bundle install --deployment", "`--deployment` installs"),
        (BUNDLER, "ruby:3.3", "RUN bundle config set --local path v && bundle install", "`bundle config set`"),
        (BUNDLER, "ruby:3.3", "RUN bundle install --gemfile Gemfile.ci", "`--gemfile` points"),
        (GEM, "ruby:3.3", "RUN gem install --user-install rake", "`--user-install` installs"),
        (GEM, "debian:bookworm", "RUN gem install rake", "does not know where gem keeps"),
    ],
)
def test_gem_cache_unknown_gets_no_mount(profile, base: str, text: str, why: str) -> None:
    location = located(text, profile, base)
    assert location.targets == ()
    assert why in (location.problem or "")


def test_bundle_deployment_false_does_not_move_the_cache() -> None:
    location = located("ENV BUNDLE_DEPLOYMENT=false\nRUN bundle install", BUNDLER, "ruby:3.3")
    assert location.targets == ("/usr/local/bundle/cache",)


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("RUN bundle install", False),
        ("ENV BUNDLE_FROZEN=true\nRUN bundle install", True),
        ("RUN bundle install --frozen", True),
        ("RUN BUNDLE_DEPLOYMENT=1 bundle install", True),
        ("ENV BUNDLE_FROZEN=true\nRUN bundle update", False),
    ],
)
def test_bundler_files_are_read_only_only_when_frozen(text: str, allowed: bool) -> None:
    document = parse("FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\n" + text + "\n")
    (call,) = invocations(document.instructions[-1], BUNDLER)
    assert bind_allowed(call) is allowed


def test_bundle_no_cache_is_not_a_cache_switch() -> None:
    """bundle install --no-cache skips vendor/cache, not the download cache: nothing to drop."""
    fixed = fix("FROM ruby:3.3 AS b\nRUN bundle install --no-cache && rm -rf /usr/local/bundle/cache\n", LintSettings())
    assert "bundle install --no-cache" in fixed.text
    assert "target=/usr/local/bundle/cache" in fixed.text


@pytest.mark.parametrize("rm", ["rm -rf $GEM_HOME/cache", 'rm -rf "${GEM_HOME}/cache"'])
def test_rm_of_the_image_variable_cache_is_read_with_the_images_value(rm: str) -> None:
    """The ruby image sets GEM_HOME (not the Dockerfile): its rm of the cache is the mounted cache."""
    (finding,) = [f for f in lint(f"FROM ruby:3.3 AS b\nRUN gem install rake && {rm}\n") if f.code == "GEM001"]
    assert finding.fix is not None and finding.fix.is_safe
    fixed = fix(f"FROM ruby:3.3 AS b\nRUN gem install rake && {rm}\n", LintSettings()).text
    assert "rm " not in fixed and "target=/usr/local/bundle/cache" in fixed


def test_rm_of_a_cache_variable_the_dockerfile_does_not_show_gets_no_fix() -> None:
    """Elsewhere GEM_HOME is unknown: an rm naming it may hit the mount point."""
    text = "FROM debian:bookworm\nRUN gem install -i /opt/gems rake && rm -rf $GEM_HOME/cache\n"
    (finding,) = [f for f in lint(text) if f.code == "GEM001"]
    assert finding.fix is None
    assert "would empty the cache mount" in finding.message


@pytest.mark.parametrize("code, tool", [("GEM005", "gem install rake"), ("BDL005", "bundle install")])
def test_a_mount_on_all_of_gem_home_is_narrowed_unsafely(code: str, tool: str) -> None:
    text = f"FROM ruby:3.3\nRUN --mount=type=cache,target=/usr/local/bundle {tool}\n"
    (finding,) = [f for f in lint(text) if f.code == code]
    assert "hides the installed gems" in finding.message
    assert finding.fix is not None and not finding.fix.is_safe
    fixed = fix(text, LintSettings(unsafe_fixes=True)).text
    assert "target=/usr/local/bundle/cache" in fixed


def test_a_gem_home_cache_mount_alongside_the_right_one_is_left_alone() -> None:
    text = "FROM ruby:3.3\nRUN --mount=type=cache,target=/usr/local/bundle/cache --mount=type=cache,target=/root/.bundle bundle install\n"
    assert [f.code for f in lint(text) if f.code.startswith("BDL")] == []


def test_cleanup_in_the_run_makes_the_gem_fix_safe_only_there() -> None:
    kept = [f for f in lint("FROM ruby:3.3\nRUN gem install rake\n") if f.code == "GEM001"]
    removed = [f for f in lint("FROM ruby:3.3\nRUN gem install rake && rm -rf /usr/local/bundle/cache\n") if f.code == "GEM001"]
    assert not kept[0].fix.is_safe and "archives leave the image" in kept[0].fix.title
    assert removed[0].fix.is_safe
