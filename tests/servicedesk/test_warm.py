"""gunicorn loads and warms the portal once in its master; workers are forks of it, so a worker
that replaces a recycled one serves at once."""

import runpy

from django.conf import settings
from django.template import engines

from servicedesk.warm import warm_up


def cached_templates() -> set[str]:
    loader = engines["django"].engine.template_loaders[0]
    return {name for name, _ in loader.get_template_cache.items() if isinstance(name, str)}


def test_warming_up_compiles_the_result_page_and_its_parts_without_touching_the_database():
    # No database fixture here: any query would fail the test.
    engines["django"].engine.template_loaders[0].reset()

    warm_up()

    cached = cached_templates()
    assert "certificates/verification_result.html" in cached
    assert "certificates/_outcome.html" in cached
    assert "base.html" in cached


def test_workers_are_forks_of_a_preloaded_master_and_do_not_recycle_together():
    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))

    assert config["preload_app"] is True
    assert config["max_requests_jitter"] >= config["max_requests"] / 2
