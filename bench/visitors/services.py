"""Visitors reading the catalogue, a service's ID card and the home page."""

from bench.loadgen import Visitor
from bench.visitors.base import Steps


class CatalogueSteps(Steps):
    """Search the catalogue and open a card, or open the home page."""

    def catalogue(self, v: Visitor):
        path = f"{self._prefix(v)}/services/"
        if self._chance(0.3):
            path += "?q=" + self._pick(
                ["%DA%AF%D9%88%D8%A7%D9%87%DB%8C", "certificate", "14031548"]
            )
        v.get("catalogue", path)
        return [(self._uniform(2, 6), self.card)] if self._chance(0.6) else []

    def card(self, v: Visitor):
        service_id = self._pick(self.fixtures.service_ids)
        v.get(
            "card",
            f"{self._prefix(v)}/services/{service_id}/",
            check=self._marker("data-service-id"),
        )

    def home(self, v: Visitor):
        v.get("home", f"{self._prefix(v)}/")
