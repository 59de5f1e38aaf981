"""GEM and BDL: RubyGems and Bundler on the package-manager profiles.

Two families, because they are two programs with their own options and inputs (`gem install`
reads gem names, `bundle install` a Gemfile and its lock file) and a profile's subcommands
match every program it names; they share the cache they fill, `$GEM_HOME/cache`.
"""

from dockerls.rules.ruby import bundler, gem

RULES = (*gem.RULES, *bundler.RULES)
