"""The run's shared objects are Scrapy components: built by from_crawler, found with crawler.get_extension,
and each closes what it opened when the engine stops (after the run summary has used them)."""
from __future__ import annotations

import sqlite3

import pytest
from scrapy import signals
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler


def project_settings(**overrides) -> dict:
    """crawler/settings.py as a dict, for scrapy.utils.test.get_crawler."""
    import crawler.settings as module

    return {name: getattr(module, name) for name in dir(module) if name.isupper()} | overrides


def test_services_are_the_crawlers_extension_and_close_when_the_engine_stops(tmp_path, monkeypatch):
    from crawler.services import Services

    monkeypatch.delenv("REDIS_URL", raising=False)
    crawler = get_crawler(settings_dict=project_settings(DATA_DIR=str(tmp_path / "data")))
    services = crawler.get_extension(Services)
    assert services is not None and Services.of(crawler) is services
    services.state.remember("http://kx.example.cn/a.html", "zast", "stored")
    assert services.state.known("http://kx.example.cn/a.html")
    crawler.signals.send_catch_log(signal=signals.engine_stopped)
    with pytest.raises(sqlite3.ProgrammingError):  # closed: the database and the state lock are released
        services.state.known("http://kx.example.cn/a.html")
    services.close()  # a second close is harmless


def test_a_distributed_crawl_adds_its_run_membership_as_an_extension(monkeypatch):
    from crawler.distributed import Distributed

    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("REDIS_URL", "redis://127.0.0.1:6379/0", priority="cmdline")
    Distributed().update_settings(settings)
    assert settings.getdict("EXTENSIONS")["crawler.distributed.Run"] == 0
    assert "crawler.services.Services" in settings.getdict("EXTENSIONS")  # the state, in Redis this time
