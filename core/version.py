"""The program's version, read from pyproject.toml at build time (kept in one place)."""
VERSION = "0.1.0"
APP_NAME = "年报校对助手"
