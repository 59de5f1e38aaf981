"""Node package managers on the profiles: NPM (npm), YRN (yarn), PNP (pnpm), BUN (bun)."""

from dockerls.rules.node import bun, npm, pnpm, yarn

RULES = (*npm.RULES, *yarn.RULES, *pnpm.RULES, *bun.RULES)
