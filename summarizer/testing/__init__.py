"""For tests and prompt engineers: the pytest plugin, cassettes and the regression suites."""
