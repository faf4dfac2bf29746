"""The docstring examples run."""

import doctest

import tidings
import tidings._api
import tidings._furniture


def test_docstring_examples():
    for module in (tidings, tidings._api, tidings._furniture):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, f"{result.failed} doctest failures in {module.__name__}"
        assert result.attempted > 0
