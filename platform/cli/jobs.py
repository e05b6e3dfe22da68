"""Job commands: ``cocoon jobs`` (list), ``jobs show ID``, ``jobs cancel ID``, ``jobs secret``,
and what ``cocoon invoke NAME --async`` runs.

A job's result stays sealed at the gateway; opening it takes the response key made when it was
sealed. ``invoke --async`` keeps that key in ``$COCOON_HOME/jobs/<id>.json`` (mode 0600), so
``jobs show ID`` on this machine opens the result and checks its receipt as ``invoke`` does.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from cocoon.runtime import config

from ..jobs import JobOut
from ..sdk import Client
from ..sdk.jobs import MAX_WAIT_S, load
from .command import App
from .output import JsonFlag, console, emit, handles_errors, note, print_json, table

app = App(help="Async jobs (`cocoon invoke NAME --async` submits one).", no_args_is_help=False)


def key_file(job_id: str) -> Path:
    return config.cocoon_home() / "jobs" / f"{Path(job_id).name}.json"


def submit_job(name: str, payload: Any, max_price: int | None, webhook: str | None,
               as_json: bool) -> None:
    """``cocoon invoke NAME --async``: submit, keep the key, print the job."""
    with Client() as client:
        job = client.submit(name, payload, webhook=webhook, max_price=max_price)
        job.save(key_file(job.id))
    if as_json:
        print_json(job.out)
        return
    console.print(f"submitted [bold]{job.id}[/] ({job.out.status}): "
                  f"`cocoon jobs show {job.id}` for its result")


def _summary(j: JobOut) -> dict[str, Any]:
    return {"id": j.id, "function": j.function, "status": j.status, "provider": j.provider or "",
            "amount": j.receipt.receipt.amount if j.receipt else 0,
            "webhook": j.webhook_status or "-", "error": j.error.code if j.error else ""}


@app.callback(invoke_without_command=True)
@handles_errors
def jobs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many (newest first).", min=1, max=500)] = 50,
    as_json: JsonFlag = False,
) -> None:
    """Your account's jobs, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    with Client() as client:
        items = [JobOut.model_validate(j) for j in
                 client._request("GET", "/v1/jobs", params={"limit": limit}).json()]
    if as_json:
        print_json(items)
        return
    rows = [list(_summary(j).values()) for j in items]
    table("jobs", ["id", "function", "status", "provider", "amount", "webhook", "error"], rows)


@app.command("show")
def show(
    job_id: Annotated[str, typer.Argument(help="The job's id (job_...).")],
    wait: Annotated[float, typer.Option(help="Seconds to wait for it to end.", min=0,
                                        max=3600)] = 0,
    as_json: JsonFlag = False,
) -> None:
    """A job's status; once it ended, its result opened (where it was submitted from here).

    With --json: {"job", "output"} (output null until it can be opened)."""
    with Client() as client:
        job = load(client, job_id, key_file(job_id))
        deadline = time.monotonic() + wait
        while not job.out.done and (left := deadline - time.monotonic()) > 0:
            job.status(wait=min(left, MAX_WAIT_S))
        out = job.out
        output, opened = None, False
        if out.done and out.frame is not None and job.sealed is not None:
            result = job.result()
            output, opened = result.output, True
    summary = out.model_copy(update={"frame": None})
    if as_json:
        print_json({"job": summary, "output": output})
        return
    emit(_summary(out), False, f"job {out.id}", ("amount",))
    if out.error is not None:
        note(f"[red]{out.error.code}[/]: {out.error.message}")
    if opened:
        print_json(output)
    elif out.done and out.frame is not None:
        note("the result is sealed to a key kept where the job was submitted")


@app.command("cancel")
def cancel(
    job_id: Annotated[str, typer.Argument(help="The job's id (job_...).")],
    as_json: JsonFlag = False,
) -> None:
    """Cancel a job: a queued one is never charged; a running one finishes and is charged."""
    with Client() as client:
        out = JobOut.model_validate(client._request("DELETE", f"/v1/jobs/{job_id}").json())
    if as_json:
        print_json(out.model_copy(update={"frame": None}))
        return
    console.print(f"{out.id}: {out.status}" + (" (cancels when its call ends; charged for it)"
                                              if out.status == "running" else ""))


@app.command("secret")
def secret(as_json: JsonFlag = False) -> None:
    """Your webhook signing secret (Standard Webhooks, whsec_...)."""
    with Client() as client:
        value = client._request("GET", "/v1/webhooks/secret").json()["secret"]
    if as_json:
        print_json({"secret": value})
        return
    print(value)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="jobs")
