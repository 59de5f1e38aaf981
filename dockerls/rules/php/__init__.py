"""CMP: Composer on the package-manager profiles."""

from dockerls.rules.php import composer

RULES = composer.RULES
