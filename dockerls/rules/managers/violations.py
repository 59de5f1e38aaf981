"""What the Python rules report, in their own words: one violation per kind of finding.

The pip, uv and poetry rules of one kind (the same last digit of the code) share
a violation: the same words with the tool's name. Each violation owns its
message and the title of its fix (see dockerls.core.findings.Violation).
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.core.findings import Violation


def _no_fix(reason: str | None) -> str:
    return f"; no fix: {reason}" if reason else ""


def _is(count: int) -> str:
    return "is" if count == 1 else "are"


@dataclass(frozen=True, slots=True)
class CacheNotMounted(Violation):
    """xx1: an install without a cache mount on its tool's cache, or with the cache turned off."""

    tool: str  # the tool's name in messages
    command: str  # the install command, as a label (`pip install`)
    missing: tuple[str, ...]  # cache directories the fix mounts
    unmountable: tuple[str, ...]  # cache directories that need a mount dockerls cannot write
    off_words: str  # the words that turn the cache off, quoted; "" when none do
    turned_off: bool
    problem: str | None  # why no mount can be written
    neutralised: tuple[str, ...] = ()  # NAME=value set on the command to turn an inherited cache-off variable back
    inherited_off: tuple[str, ...] = ()  # variables from ENV, ARG or an export that turn a mounted cache off
    risk: str | None = None  # what the fix changes, when it cannot keep everything as it was
    not_kept: str | None = None  # why a mount alone would keep no packages (dnf's keepcache, apk's cache directory)
    assumption: str | None = None  # what the mounts assume where the Dockerfile does not tell (dnf 4 or dnf5)
    added: tuple[str, ...] = ()  # words the fix gives the command (--setopt=keepcache=1, --update-cache)
    readers_on: tuple[int, ...] = ()  # lines of later RUNs that read the cache and get the mount in the same fix

    @property
    def message(self) -> str:
        if self.missing or self.unmountable or (self.problem is not None and not self.inherited_off):
            shown = self.missing + self.unmountable
            where = f" ({', '.join(shown)})" if shown else ""
            message = f"`{self.command}` runs without a cache mount on {self.tool}'s cache{where}"
            if self.turned_off and self.off_words:
                message += f", and {self.off_words} turns the cache off"
            if self.neutralised:
                message += f"; {self._neutralised_names} from the build environment turns it off for this command"
            if self.not_kept:
                message += f"; {self.not_kept}"
        elif self.off_words:
            message = f"{self.off_words} turns off {self.tool}'s mounted cache"
            if self.inherited_off:
                message += f", and so does {', '.join(self.inherited_off)} from the build environment"
        elif self.inherited_off:
            message = f"{', '.join(self.inherited_off)} from the build environment turns off {self.tool}'s mounted cache"
        else:
            message = f"{self.tool}'s cache mount keeps no packages: {self.not_kept}"
        if self.assumption and self.problem is None:
            message += f" ({self.assumption})"
        return message + _no_fix(self.problem)

    @property
    def _neutralised_names(self) -> str:
        return ", ".join(setting.split("=", 1)[0] for setting in self.neutralised)

    @property
    def fix_title(self) -> str:
        given = f"`{' '.join(self.added)}`" if self.added else ""
        if not self.missing:
            title = f"Let {self.tool} use its mounted cache"
            for_command = ", ".join(filter(None, (given, " ".join(self.neutralised))))
            if for_command:
                kept = "; the image keeps its ENV" if self.neutralised else ""
                title += f" ({for_command} for this command{kept})"
        else:
            title = f"Mount {self.tool}'s cache at {', '.join(self.missing)}"
            if self.turned_off and self.off_words:
                title += f" and drop {self.off_words}"
            if given:
                title += f", with {given} for this command (the image's configuration stays)"
            if self.neutralised:
                title += f", with {' '.join(self.neutralised)} for this command (the image keeps its ENV)"
        if self.readers_on:
            title += f", and on line {', '.join(map(str, self.readers_on))} that reads it"
        if self.risk:
            title += f" (unsafe: {self.risk})"
        return title


@dataclass(frozen=True, slots=True)
class CacheEmptied(Violation):
    """xx1: a RUN that empties the cache mount it has (``composer clear-cache``, ``rm -rf <cache>/*``)."""

    tool: str
    cleanups: tuple[str, ...]  # the commands or operands, as written
    leaves: str | None = None  # what a dropped cleanup also emptied, which then stays in the image

    @property
    def message(self) -> str:
        shown = ", ".join(f"`{cleanup}`" for cleanup in self.cleanups)
        return f"{shown} empties {self.tool}'s cache mount: every build starts from an empty cache"

    @property
    def fix_title(self) -> str:
        shown = ", ".join(f"`{cleanup}`" for cleanup in self.cleanups)
        if self.leaves:
            return f"Drop {shown} (unsafe: {self.leaves})"
        return f"Drop {shown}: the cache mount already keeps the cache out of the image"


@dataclass(frozen=True, slots=True)
class ReadsUncachedPackages(Violation):
    """xx1: a command that only reads what an earlier install put in a cache mount it lacks."""

    tool: str
    command: str  # `dotnet publish --no-restore`
    missing: tuple[str, ...]
    filled_on: int  # the line of the install that fills the cache
    already_mounted: bool  # that install has the mount today (else its fix adds it)
    risk: str | None = None

    @property
    def message(self) -> str:
        where = ", ".join(self.missing)
        if self.already_mounted:
            return (f"`{self.command}` reads the {self.tool} packages that line {self.filled_on} keeps in a cache mount "
                    f"({where}), which this RUN does not have")
        return (f"`{self.command}` reads the {self.tool} packages line {self.filled_on} fills: when that RUN mounts "
                f"the cache ({where}), this one needs the mount too")

    @property
    def fix_title(self) -> str:
        title = f"Mount {self.tool}'s cache at {', '.join(self.missing)}"
        if not self.already_mounted:
            title += f" here and on line {self.filled_on}"
        return title + (f" (unsafe: {self.risk})" if self.risk else "")


@dataclass(frozen=True, slots=True)
class FilesNotBindMounted(Violation):
    """xx2: files copied into the image only to be read by an install."""

    names: str  # the files' names, comma-separated
    count: int
    copy_lines: tuple[int, ...]  # the lines of the COPYs that bring them
    unsafe: str | None = None  # what makes the fix unsafe
    no_fix: str | None = None  # why no fix is offered

    @property
    def message(self) -> str:
        lines = ", ".join(map(str, self.copy_lines))
        them = "it" if self.count == 1 else "them"
        message = f"{self.names} {_is(self.count)} copied into the image (line {lines}) to be read here: bind-mount {them} instead"
        return message + _no_fix(self.no_fix)

    @property
    def fix_title(self) -> str:
        return f"Bind-mount {self.names}" + (f" (unsafe: {self.unsafe})" if self.unsafe else "")


@dataclass(frozen=True, slots=True)
class CopyOnlyFeedsInstall(Violation):
    """xx3: a COPY whose files nothing but installs read."""

    names: str  # the files' names, comma-separated
    count: int
    reader_lines: tuple[int, ...]  # the lines of the installs that read them
    leaves_final_image: bool  # some of the files are in the final image only through this COPY
    first_leaves_final_image: bool  # the first of them is
    unsafe: str | None = None  # what else makes the fix unsafe

    @property
    def message(self) -> str:
        lines = ", ".join(map(str, self.reader_lines))
        message = f"{self.names} {_is(self.count)} copied only for the install on line {lines}"
        if self.first_leaves_final_image:
            message += f"; removing the copy takes {self.names} out of the final image"
        return message

    @property
    def fix_title(self) -> str:
        title = f"Bind-mount {self.names} where it is read and remove the COPY"
        if self.leaves_final_image:
            return title + f" (unsafe: {self.names} will no longer be in the final image)"
        return title + (f" (unsafe: {self.unsafe})" if self.unsafe else "")


@dataclass(frozen=True, slots=True)
class CacheTurnedOffByVariable(Violation):
    """xx4: an ENV or ARG that turns the tool's cache off."""

    variable: str
    tool: str
    install_lines: str  # the lines of the installs it reaches, comma-separated
    pip_boolean: str | None  # a value pip reads as "no cache" though it says otherwise
    is_arg: bool  # set by ARG (a build argument never reaches the image)
    reaches_final_image: bool  # an ENV the final image keeps
    used_on_line: int | None  # another instruction reads $variable

    @property
    def message(self) -> str:
        message = f"{self.variable} turns off {self.tool}'s cache for the install on line {self.install_lines}"
        if self.pip_boolean is not None:
            message += f" (pip reads any boolean here as 'no cache', even {self.pip_boolean!r})"
        return message

    @property
    def fix_title(self) -> str:
        if self.is_arg:
            title = f"Remove {self.variable}'s default (build arguments never reach the image)"
        else:
            title = f"Remove {self.variable}"
            if self.reaches_final_image:
                title += " (unsafe: the final image's environment loses it too)"
        if self.used_on_line is not None:
            title += f" (unsafe: ${self.variable} is used on line {self.used_on_line})"
        return title


@dataclass(frozen=True, slots=True)
class CacheMountMisplaced(Violation):
    """xx5: a cache mount named for the tool that is not where the tool caches."""

    tool: str
    cache_dirs: tuple[str, ...]  # where the tool keeps its cache
    runs_as: str | None  # the user it runs as, when not root
    target: str | None  # where the fix moves the mount
    no_fix: str | None = None
    risk: str | None = None  # what moving it breaks (a later command that reads the cache without the mount)

    @property
    def message(self) -> str:
        why = f": it runs as {self.runs_as}" if self.runs_as else ""
        return (
            f"This cache mount is not where {self.tool} keeps its cache ({', '.join(self.cache_dirs)}){why}"
            + _no_fix(self.no_fix)
        )

    @property
    def fix_title(self) -> str:
        return f"Mount the cache at {self.target}" + (f" (unsafe: {self.risk})" if self.risk else "")


@dataclass(frozen=True, slots=True)
class CacheMountHidesFiles(Violation):
    """xx5: a cache mount on a directory above the cache hides files the manager reads there
    (maven's ``settings.xml`` beside ``~/.m2/repository``) that an earlier COPY put in the image."""

    tool: str
    mount: str  # the mount's target
    hidden: tuple[str, ...]  # "settings.xml (line 3)"
    target: str  # the cache directory the fix mounts instead

    @property
    def message(self) -> str:
        return (
            f"This cache mount on {self.mount} hides {', '.join(self.hidden)} from {self.tool}, "
            f"which reads {'it' if len(self.hidden) == 1 else 'them'} there: only {self.target} is its cache"
        )

    @property
    def fix_title(self) -> str:
        return f"Mount the cache at {self.target}"


@dataclass(frozen=True, slots=True)
class CacheMountHidesInstall(CacheMountHidesFiles):
    """xx5: a cache mount above the tool's cache, over what the tool installs beside it (all of
    GEM_HOME): ``hidden`` holds what the image then lacks, in words."""

    @property
    def message(self) -> str:
        return (
            f"This cache mount on {self.mount} hides {', '.join(self.hidden)} from the image: only {self.target} "
            f"is {self.tool}'s download cache"
        )

    @property
    def fix_title(self) -> str:
        return f"Mount the cache at {self.target} (unsafe: {', '.join(self.hidden)} then stay in the image, as the RUN meant)"


@dataclass(frozen=True, slots=True)
class CacheMountNotLocked(Violation):
    """xx5: a cache mount of a manager that needs it alone (apk, dnf, zypper) without ``sharing=locked``."""

    tool: str
    sharing: str

    @property
    def message(self) -> str:
        return f"{self.tool} expects to be alone in its cache: this cache mount needs sharing={self.sharing}"

    @property
    def fix_title(self) -> str:
        return f"Add sharing={self.sharing} to the cache mount"


@dataclass(frozen=True, slots=True)
class RootIgnoresOwnedCache(Violation):
    """xx5: pip running as root ignores a cache directory another uid owns."""

    uid: int
    no_fix: str | None = None

    @property
    def message(self) -> str:
        return f"pip runs as root and ignores a cache owned by uid {self.uid}" + _no_fix(self.no_fix)

    @property
    def fix_title(self) -> str:
        return "Make the cache mount root's"


@dataclass(frozen=True, slots=True)
class CacheOwnedByOther(Violation):
    """xx5: a cache mount another user owns than the one the tool runs as."""

    tool: str
    owner: str  # "root" or "uid N"
    user: str
    uid: int
    no_fix: str | None = None

    @property
    def message(self) -> str:
        message = f"This cache mount belongs to {self.owner}, but {self.tool} runs as {self.user} (uid {self.uid})"
        return message + _no_fix(self.no_fix)

    @property
    def fix_title(self) -> str:
        return f"Make the cache mount {self.user}'s (uid {self.uid})"


@dataclass(frozen=True, slots=True)
class CacheNotWritable(Violation):
    """xx5: a root-owned cache mount a user the Dockerfile gives no uid cannot write."""

    tool: str
    user: str

    @property
    def message(self) -> str:
        return (
            f"This cache mount belongs to root, but {self.tool} runs as {self.user} and cannot write it; "
            f"no fix: the Dockerfile does not show {self.user}'s uid"
        )


@dataclass(frozen=True, slots=True)
class UvLinkModeNotCopy(Violation):
    """PIP106: uv hard-links from a cache mount."""

    mode: str | None  # the link mode set, if any

    @property
    def message(self) -> str:
        current = f"link mode {self.mode!r}" if self.mode else "its default link mode (hardlink)"
        return f"uv installs from a cache mount with {current}: set UV_LINK_MODE=copy"

    @property
    def fix_title(self) -> str:
        return "Make uv copy files out of its cache (UV_LINK_MODE=copy)"
