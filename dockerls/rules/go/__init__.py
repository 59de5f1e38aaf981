"""GOL: Go's module and build caches on the profiles; build outputs in a cached directory copied out."""

from dockerls.rules.go import modules, outputs

RULES = (*modules.RULES, outputs.GO_OUTPUT_IN_CACHE_MOUNT)
