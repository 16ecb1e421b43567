"""ONE Great Expectations context per process, with the catalogue's suites loaded once.

Why: ``import great_expectations`` costs ~2.5 s and a context plus suites another few tens of
milliseconds; a service validating many uploads pays that once.  The context is ephemeral
(in memory): suites are built from the catalogue or loaded from the JSON kept under
``expectations/suites/`` (written by :func:`export_suites`; a test checks both agree).

GX objects are not thread-safe; :data:`LOCK` serialises runs inside one process.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from expectations.catalogue import ERROR, FAMILIES, NEIGHBOUR_FAMILY, RULES, Rule, rules_of

SUITES_DIR = Path(__file__).resolve().parent / "suites"
SUITE_PREFIX = "budgetcheck."
DOCS_SITE = "budgetcheck_document"
LOCK = threading.RLock()

log = logging.getLogger(__name__)


def suite_name(family: str) -> str:
    return f"{SUITE_PREFIX}{family}"


def expectation_for(rule: Rule) -> Any:
    """The GX expectation of one rule: Chinese title, id and severity in ``description``."""
    from expectations.custom import ExpectRuleChecksToPass

    return ExpectRuleChecksToPass(
        rule=rule.id,
        description=rule.description,
        severity="critical" if rule.severity == ERROR else "warning",
        meta={"rule": rule.id, "severity": rule.severity, "title": rule.title, "tables": list(rule.tables)},
    )


def build_suite(family: str) -> Any:
    import great_expectations as gx

    return gx.ExpectationSuite(name=suite_name(family), meta={"family": family, "label": FAMILIES[family]},
                               expectations=[expectation_for(rule) for rule in rules_of(family)])


def suite_dict(suite: Any) -> dict[str, Any]:
    """A suite as saved: stable (no ids, no GX version) so the saved files only change with the catalogue."""
    d = suite.to_json_dict()
    d.pop("id", None)
    d.get("meta", {}).pop("great_expectations_version", None)
    for e in d.get("expectations", []):
        e.pop("id", None)
    return d


def export_suites(directory: Path = SUITES_DIR) -> list[Path]:
    """Write every family's suite as JSON (run after changing the catalogue)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for family in FAMILIES:
        path = directory / f"{suite_name(family)}.json"
        path.write_text(json.dumps(suite_dict(build_suite(family)), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def load_suite(path: Path) -> Any:
    """Load a saved suite; the custom expectation classes are imported first, and a suite that
    comes back with fewer expectations than it was saved with is an error, not a log line."""
    import great_expectations as gx

    import expectations.custom  # noqa: F401  (registers ExpectRuleChecksToPass before loading)

    data = json.loads(path.read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(name=data["name"], expectations=data.get("expectations", []),
                                meta=data.get("meta"))
    if len(suite.expectations) != len(data.get("expectations", [])):
        raise RuntimeError(f"{path.name}: {len(data['expectations'])} expectations saved, "
                           f"{len(suite.expectations)} loaded (custom expectation class not registered?)")
    return suite


@dataclass
class GX:
    """The process's context and the objects every validation reuses.

    ``combined`` is what a validation runs: every family's expectations in one suite (``True``:
    with the neighbour family), one GX run per document, not one per family.  It is not added to
    the context, so the Data Docs list the family suites only.  Those (the family suites, their
    validation definitions, the checkpoint and the Data Docs site) are added to the context on
    first use: only a run that builds Data Docs needs them, and adding them is ~0.2 s of a cold
    ``budgetcheck validate`` (each store add serialises and re-reads its object).
    """

    context: Any
    batch_definition: Any
    combined: dict[bool, Any] = field(default_factory=dict)
    _docs: tuple[dict[str, Any], Any] | None = None

    @property
    def suites(self) -> dict[str, Any]:
        """Each family's suite, as added to the context (the Data Docs list these)."""
        return self._docs_objects()[0]

    @property
    def checkpoint(self) -> Any:
        """Validates every family suite on one batch (the Data Docs path)."""
        return self._docs_objects()[1]

    def _docs_objects(self) -> tuple[dict[str, Any], Any]:
        with LOCK:
            if self._docs is None:
                self._docs = _add_family_suites(self.context, self.batch_definition)
            return self._docs

    def remove_stored_results(self) -> None:
        """Forget stored validation results so a per-document site lists only its own."""
        store = self.context.validation_results_store
        for key in list(store.list_keys()):
            store.remove_key(key)


_GX: GX | None = None


def get_gx() -> GX:
    global _GX
    with LOCK:
        if _GX is None:
            _GX = _create()
        return _GX


def _create() -> GX:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    import expectations.custom  # noqa: F401

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = ctx.data_sources.add_pandas("budgetcheck")
    asset = source.add_dataframe_asset("checks")
    batch_definition = asset.add_batch_definition_whole_dataframe("checks")
    combined = {
        with_neighbours: gx.ExpectationSuite(
            name=f"{SUITE_PREFIX}all", meta={"family": "all"},
            expectations=[expectation_for(rule) for family in FAMILIES
                          if with_neighbours or family != NEIGHBOUR_FAMILY for rule in rules_of(family)])
        for with_neighbours in (False, True)
    }
    return GX(context=ctx, batch_definition=batch_definition, combined=combined)


def _add_family_suites(ctx: Any, batch_definition: Any) -> tuple[dict[str, Any], Any]:
    """Add each family's suite (saved JSON, or the catalogue when out of date), a validation
    definition per suite, the checkpoint over all of them and the Data Docs site to ``ctx``."""
    import great_expectations as gx

    suites = {}
    for family in FAMILIES:
        path = SUITES_DIR / f"{suite_name(family)}.json"
        suite = load_suite(path) if path.exists() else None
        wanted = [r.id for r in rules_of(family)]
        if suite is None or [e.rule for e in suite.expectations] != wanted:
            if suite is not None:
                log.warning("%s is out of date with the catalogue; using the catalogue (re-export the suites)",
                            path.name)
            suite = build_suite(family)
        suites[family] = ctx.suites.add(suite)
    ctx.add_data_docs_site(DOCS_SITE, _site_config(Path("budgetcheck-data-docs").resolve()))
    definitions = [
        ctx.validation_definitions.add(gx.ValidationDefinition(name=f"budgetcheck.{f}", data=batch_definition,
                                                               suite=s))
        for f, s in suites.items()
    ]
    # No UpdateDataDocsAction: it rebuilds the site once per validation result (six times per
    # document); build_document_docs builds it once, for all six.
    checkpoint = ctx.checkpoints.add(gx.Checkpoint(
        name="budgetcheck", validation_definitions=definitions, actions=[],
        result_format={"result_format": "COMPLETE"},
    ))
    return suites, checkpoint


_VIEW = {"module_name": "expectations.docs_views", "class_name": "CachedJinjaPageView"}


def _site_config(base_directory: Path) -> dict[str, Any]:
    """A Data Docs site in ``base_directory`` whose views compile their templates once per process."""
    return {
        "class_name": "SiteBuilder",
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "view": {"module_name": "expectations.docs_views", "class_name": "CachedJinjaIndexPageView"},
        },
        "site_section_builders": {
            "expectations": {"view": dict(_VIEW)},
            "validations": {"view": dict(_VIEW)},
            "profiling": "None",
        },
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(base_directory)},
    }


def point_docs_site(gxo: GX, directory: Path) -> None:
    """Aim the per-document Data Docs site at ``directory`` (files already there are left alone)."""
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    gxo._docs_objects()  # the site is added to the context with the family suites
    gxo.context.update_data_docs_site(DOCS_SITE, _site_config(directory))


def build_document_docs(gxo: GX, checkpoint_result: Any) -> None:
    """Render this checkpoint run's validation pages, their suites' pages and the index, once."""
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    ids: list[Any] = list(checkpoint_result.run_results)
    ids += [ExpectationSuiteIdentifier(name=r.suite_name) for r in checkpoint_result.run_results.values()]
    gxo.context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=ids)


def all_rule_ids() -> list[str]:
    return [r.id for r in RULES]


if __name__ == "__main__":  # python -m expectations.gx_context: re-export the saved suites
    for p in export_suites():
        print(p)
