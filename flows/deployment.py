"""The event-triggered deployment of ``validate-disclosure`` (same definition as infra/prefect.yaml).

``python -m flows.deployment`` serves it from this process (no work pool needed: handy on one
machine); with a work pool, ``prefect deploy`` from infra/prefect.yaml and start workers.  Either
way, the listener (``budgetcheck serve``) sees the deployment on the server and emits one
``budgetcheck.disclosure.uploaded`` event per upload instead of running flows itself.
"""

from __future__ import annotations

import argparse

from prefect.events import DeploymentEventTrigger

UPLOADED_EVENT = "budgetcheck.disclosure.uploaded"
DEPLOYMENT = "budgetcheck"

TRIGGER_MATCH = {"prefect.resource.id": "budgetcheck.upload.*"}
TRIGGER_PARAMETERS = {
    "source": "{{ event.payload.source }}",
    "key": "{{ event.payload.key }}",
    "endpoint_url": "{{ event.payload.endpoint_url }}",
    "kind": "{{ event.payload.kind }}",
    "event_id": "{{ event.id | string }}",  # plain {{ event.id }} does not render: no run is created
}


def upload_trigger() -> DeploymentEventTrigger:
    return DeploymentEventTrigger(expect={UPLOADED_EVENT}, match=TRIGGER_MATCH, parameters=TRIGGER_PARAMETERS)


def serve_deployment(limit: int = 4) -> None:
    """Serve the deployment here until stopped (``limit`` flow runs at once)."""
    from flows.validate import validate_disclosure

    validate_disclosure.serve(name=DEPLOYMENT, triggers=[upload_trigger()], limit=limit)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--limit", type=int, default=4)
    serve_deployment(p.parse_args().limit)
