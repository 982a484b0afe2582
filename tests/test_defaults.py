"""Each default is written once: a component's fallback is the project's setting, and the cleaner's limits
(minimum article length, time per document) are one constant that every default and help text reads."""
from __future__ import annotations

import inspect

from scrapy.settings import Settings

from .conftest import run_cli


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def test_the_backoff_middleware_falls_back_to_the_project_settings():
    """A crawler without the project's settings (a test's bare one, another project) backs off the same."""
    from crawler.middlewares import BackoffRetryMiddleware

    bare, project = BackoffRetryMiddleware(Settings()), BackoffRetryMiddleware(project_settings())
    assert (bare.base, bare.cap) == (project.base, project.cap)


def test_the_cleaner_limits_are_one_constant_each():
    from cleaners.extract import extract
    from cleaners.judge import judge
    from cleaners.limits import MIN_CHARS, TIME_LIMIT
    from cleaners.pipeline import Options

    assert Options().min_chars == MIN_CHARS and Options().time_limit == TIME_LIMIT
    assert inspect.signature(judge).parameters["min_chars"].default == MIN_CHARS
    assert inspect.signature(extract).parameters["time_limit_s"].default == TIME_LIMIT
    usage = run_cli("clean", "--help")
    assert usage.returncode == 0
    assert f"(default: {MIN_CHARS})" in " ".join(usage.stdout.decode().split())  # --help states the number
