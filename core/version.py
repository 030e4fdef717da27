"""The program's name and version, as --version, 关于 and the Windows version resource show them.

VERSION must equal ``[project] version`` in pyproject.toml (which is not inside the executable):
build.spec refuses to build otherwise and tests/test_executable.py checks it."""
VERSION = "0.1.0"
APP_NAME = "年报校对助手"
