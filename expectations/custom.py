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

from typing import Any, ClassVar

import numpy as np
from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import BatchExpectation
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider

METRIC_NAME = "budgetcheck.check_outcomes"

#: Check kinds in the frame's ``kind`` column (see expectations.frames.FRAME_COLUMNS).
KIND_TOLERANCE = "tolerance"  # |actual − expected| ≤ tolerance, all exact integers
KIND_FLAG = "flag"  # ok must be True


def evaluate_checks(df: Any) -> dict[str, dict[str, list[int] | int]]:
    """Per rule: how many checks, which failed, which differ but lie within tolerance.

    Exact: ``actual``, ``expected`` and ``tolerance`` are int64 in a common scaled unit chosen
    so that every printed figure and every half unit is an integer (no binary floats).
    """
    out: dict[str, dict[str, list[int] | int]] = {}
    if len(df) == 0:
        return out
    diff = df["actual"].to_numpy(dtype=np.int64) - df["expected"].to_numpy(dtype=np.int64)
    tol = df["tolerance"].to_numpy(dtype=np.int64)
    is_tol = (df["kind"] == KIND_TOLERANCE).to_numpy()
    ok_flag = df["ok"].to_numpy(dtype=bool)
    failed = np.where(is_tol, np.abs(diff) > tol, ~ok_flag)
    noted = is_tol & (diff != 0) & ~failed
    checks = df["check"].to_numpy(dtype=np.int64)
    rules = df["rule"].to_numpy(dtype=object)
    where = df["where"].to_numpy(dtype=object) if "where" in df.columns else checks.astype(object)
    for rule in dict.fromkeys(rules):
        mask = rules == rule
        out[rule] = {
            "checked": int(mask.sum()),
            "failed": [int(c) for c in checks[mask & failed]],
            "within_tolerance": [int(c) for c in checks[mask & noted]],
            "failed_where": [str(w) for w in where[mask & failed][:20]],
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
        return evaluate_checks(df)


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
