"""GOL: Go's module and build caches on the profiles; build outputs in a cached directory copied out."""

from dockerls.rules.go import modules

RULES = (*modules.RULES,)
