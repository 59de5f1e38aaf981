"""Package managers as data: one ``Profile`` entry per manager (see ``profile.py``).

``PROFILES`` lists every entry; ``dockerls.rules.managers`` builds the generic rules
(cache missing, misplaced or owned by another user, turned off by flag or variable,
inputs copied only to be read, COPY removable) from them.
"""

from dockerls.profiles.apt import APT
from dockerls.profiles.cargo import CARGO
from dockerls.profiles.go import GO
from dockerls.profiles.node import BUN, NPM, PNPM, YARN
from dockerls.profiles.profile import CacheDir, CacheOffVariable, ConfigFile, Profile, Subcommand
from dockerls.profiles.profile import Keeping, Variant
from dockerls.profiles.python import PIP, POETRY, UV
from dockerls.profiles.system import APK, DNF, ZYPPER
from dockerls.profiles.dotnet import NUGET
from dockerls.profiles.jvm import GRADLE, MAVEN
from dockerls.profiles.php import COMPOSER
from dockerls.profiles.ruby import BUNDLER, GEM
from dockerls.profiles.profile import CacheMover

PROFILES: tuple[Profile, ...] = (APT, PIP, UV, POETRY, CARGO, NPM, YARN, PNPM, BUN, GO)
PROFILES += (APK, DNF, ZYPPER)  # system package managers
PROFILES += (NUGET,)  # .NET
PROFILES += (MAVEN, GRADLE)  # JVM
PROFILES += (COMPOSER, BUNDLER, GEM)  # PHP and Ruby
BY_NAME: dict[str, Profile] = {profile.name: profile for profile in PROFILES}

__all__ = [
    "APT", "BUN", "BY_NAME", "CARGO", "GO", "NPM", "PIP", "PNPM", "POETRY", "PROFILES", "UV", "YARN",
    "CacheDir", "CacheOffVariable", "ConfigFile", "Profile", "Subcommand",
]
__all__ += ["APK", "DNF", "NUGET", "ZYPPER", "Keeping", "Variant"]
__all__ += ["GRADLE", "MAVEN"]
__all__ += ["BUNDLER", "COMPOSER", "GEM", "CacheMover"]
