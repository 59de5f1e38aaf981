from tests.cli.stub_rules import stub_rules  # noqa: F401  (a fixture)
