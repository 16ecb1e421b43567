"""The custom GX expectation every catalogue rule is an instance of, and its metric.

Why one class for all rules: every rule reduces to rows of one long *checks* frame (derived in
:mod:`expectations.frames`), each row either an arithmetic comparison in exact scaled integers
(``actual`` vs ``expected`` within ``tolerance``) or a yes/no fact (``ok``).  The metric
:class:`CheckOutcomes` evaluates the whole frame once per batch, grouped by rule; GX caches
it, so a suite of fifty rules costs one pass over the frame, not fifty.  Each
:class:`ExpectRuleChecksToPass` then reads its own rule's outcome.

Import this module before loading a saved suite: GX silently drops expectations whose class
is not registered (``ExpectationNotFoundError`` is only logged).
"""

from __future__ import annotations

import weakref
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from great_expectations.compatibility import pydantic
from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import BatchExpectation
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider

METRIC_NAME = "budgetcheck.check_outcomes"

#: Check kinds in the frame's ``kind`` column (see expectations.frames.FRAME_COLUMNS).
KIND_TOLERANCE = "tolerance"  # |actual − expected| ≤ tolerance, all exact integers
KIND_FLAG = "flag"  # ok must be True
KIND_AT_MOST = "at_most"  # actual − expected ≤ tolerance: a part cannot exceed the whole it belongs to
#: Kinds that compare amounts (the others are yes/no facts).
AMOUNT_KINDS = (KIND_TOLERANCE, KIND_AT_MOST)


#: Per live frame (by id, guarded by a weak reference): the places of its checks, and its outcome.
_FRAME_WHERE: dict[int, tuple[weakref.ref, list[str]]] = {}
_OUTCOMES: dict[int, tuple[weakref.ref, dict]] = {}


def register_frame(df: Any, where: list[str]) -> None:
    """Remember each check's place (表 行 科目 列) for the unexpected list Data Docs shows.

    Kept beside the frame, not in it: GX hashes the whole frame for every suite it validates.
    """
    _remember(_FRAME_WHERE, df, where)


def _remember(cache: dict, df: Any, value: Any) -> None:
    key = id(df)

    def forget(_: weakref.ref) -> None:  # the frame is gone: its id may be reused
        cache.pop(key, None)

    cache[key] = (weakref.ref(df, forget), value)


def _recall(cache: dict, df: Any) -> Any:
    hit = cache.get(id(df))
    return hit[1] if hit is not None and hit[0]() is df else None


def evaluate_checks(df: Any) -> dict[str, dict[str, list[int] | int]]:
    """Per rule: how many checks, which failed, which differ but lie within tolerance.

    Exact: ``actual``, ``expected`` and ``tolerance`` are int64 in a common scaled unit chosen
    so that every printed figure and every half unit is an integer (no binary floats).
    The places registered with :func:`register_frame` name the failed checks in Data Docs.
    """
    out: dict[str, dict[str, list[int] | int]] = {}
    if len(df) == 0:
        return out
    diff = df["actual"].to_numpy(dtype=np.int64) - df["expected"].to_numpy(dtype=np.int64)
    tol = df["tolerance"].to_numpy(dtype=np.int64)
    kind = df["kind"].to_numpy()
    is_tol = kind == KIND_TOLERANCE
    is_most = kind == KIND_AT_MOST
    ok_flag = df["ok"].to_numpy(dtype=bool)
    failed = np.where(is_tol, np.abs(diff) > tol, np.where(is_most, diff > tol, ~ok_flag))
    # inside the tolerance but not exact: equality off by rounding, or a part over its whole by rounding
    noted = ((is_tol & (diff != 0)) | (is_most & (diff > 0))) & ~failed
    checks = df["check"].to_numpy(dtype=np.int64)
    where = _recall(_FRAME_WHERE, df)
    codes, rules = pd.factorize(df["rule"], sort=False)
    for k, rule in enumerate(rules):
        mask = codes == k
        bad = checks[mask & failed]
        out[str(rule)] = {
            "checked": int(mask.sum()),
            "failed": [int(c) for c in bad],
            "within_tolerance": [int(c) for c in checks[mask & noted]],
            "failed_where": [where[c] if where is not None else str(c) for c in bad[:20]],
        }
    return out


class CheckOutcomes(TableMetricProvider):
    """Table metric: the outcome of every check in the batch, keyed by rule id."""

    metric_name = METRIC_NAME

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics,
                runtime_configuration):
        df, _, _ = execution_engine.get_compute_domain(
            domain_kwargs=metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE
        )
        # every family suite asks for this metric on the same frame: evaluate it once per frame
        outcome = _recall(_OUTCOMES, df)
        if outcome is None:
            outcome = evaluate_checks(df)
            _remember(_OUTCOMES, df, outcome)
        return outcome


class ExpectRuleChecksToPass(BatchExpectation):
    """Expect every check of one catalogue rule to hold (sums within the rounding tolerance).

    ``rule`` is the stable rule id; ``description`` carries the Chinese title, the id and the
    severity so that Data Docs shows them; GX's own ``severity`` is ``critical`` for an
    error-severity rule and ``warning`` for a warning; ``meta`` repeats id and severity.
    """

    rule: str

    metric_dependencies: ClassVar[tuple[str, ...]] = (METRIC_NAME,)
    success_keys: ClassVar[tuple[str, ...]] = ("rule",)
    args_keys: ClassVar[tuple[str, ...]] = ("rule",)

    library_metadata: ClassVar[dict[str, Any]] = {
        "maturity": "experimental",
        "tags": ["budgetcheck"],
        "contributors": ["budgetcheck"],
    }

    # GX rebuilds the whole ExpectationConfiguration (a pydantic dict round trip) for every kwarg
    # it looks up, ~20 times per expectation per run; with fifty rules that was most of the
    # validation time.  The kwargs are cached here and dropped whenever a field is set.
    _config_cache: Any = pydantic.PrivateAttr(default=None)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name != "_config_cache":
            object.__setattr__(self, "_config_cache", None)

    def _cached_configuration(self) -> Any:
        if self._config_cache is None:
            object.__setattr__(self, "_config_cache", self.configuration)
        return self._config_cache

    def _cached_kwargs(self) -> dict:
        return self._cached_configuration().kwargs

    def get_validation_dependencies(self, execution_engine: Any = None,
                                    runtime_configuration: dict | None = None) -> Any:
        """As BatchExpectation's, reading the cached configuration (same metric, same kwargs)."""
        from great_expectations.expectations.expectation_configuration import parse_result_format
        from great_expectations.expectations.registry import get_metric_kwargs
        from great_expectations.validator.metric_configuration import MetricConfiguration
        from great_expectations.validator.validator import ValidationDependencies

        runtime = self._get_runtime_kwargs(runtime_configuration=runtime_configuration)
        deps = ValidationDependencies(metric_configurations={},
                                      result_format=parse_result_format(runtime["result_format"]))
        config = self._cached_configuration()
        for metric_name in self.metric_dependencies:
            kw = get_metric_kwargs(metric_name=metric_name, configuration=config,
                                   runtime_configuration=runtime_configuration)
            deps.set_metric_configuration(
                metric_name=metric_name,
                metric_configuration=MetricConfiguration(metric_name=metric_name,
                                                         metric_domain_kwargs=kw["metric_domain_kwargs"],
                                                         metric_value_kwargs=kw["metric_value_kwargs"]),
            )
        return deps

    def _get_success_kwarg(self, key: str, default: Any = None) -> Any:
        kwargs = self._cached_kwargs()
        if key in kwargs:
            return kwargs[key]
        field = self.__fields__.get(key)
        if field is not None:
            return field.default if not field.required else default
        return default

    def _get_domain_kwargs(self) -> dict[str, Any]:
        kwargs = self._cached_kwargs()
        return {key: kwargs.get(key, self._get_default_value(key)) for key in self.domain_keys}

    def _get_success_kwargs(self) -> dict[str, Any]:
        kwargs = self._cached_kwargs()
        out = {key: kwargs.get(key, self._get_default_value(key)) for key in self.success_keys}
        out.update(self._get_domain_kwargs())
        return out

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None,
                  execution_engine: Any = None) -> dict:
        outcome = metrics[METRIC_NAME].get(self.rule, {"checked": 0, "failed": [], "within_tolerance": []})
        failed = list(outcome["failed"])
        checked = int(outcome["checked"])
        # a display figure for Data Docs' renderer only; the decision above is exact
        percent = round(100 * len(failed) / checked, 2) if checked else 0.0
        return {
            "success": not failed,
            "result": {
                "observed_value": len(failed),
                "element_count": outcome["checked"],
                "unexpected_count": len(failed),
                "unexpected_percent": percent,
                "unexpected_percent_nonmissing": percent,
                "missing_count": 0,
                "missing_percent": 0.0,
                "partial_unexpected_list": list(outcome.get("failed_where", failed[:20])),
                "unexpected_check_ids": failed,
                "within_tolerance_check_ids": list(outcome["within_tolerance"]),
            },
        }
