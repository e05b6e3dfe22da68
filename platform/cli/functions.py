"""Function commands: ``cocoon init``, ``deploy``, ``invoke``, ``functions``, ``delete`` and
``rollback``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ..api import FunctionOut, Placement
from ..sdk import Client
from . import templates
from .output import CliError, JsonFlag, console, emit, note, print_json, progress, table, ton


def init(
    folder: Annotated[Path, typer.Argument(help="New (or empty) folder for the function.")],
    template: Annotated[
        str, typer.Option("--template", "-t", help="Template to start from (listed above).")
    ] = "echo",
    name: Annotated[
        str | None, typer.Option(help="Function name (default: the folder's name).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Scaffold a function folder from a shipped template."""
    manifest = templates.scaffold(template, folder, name or folder.resolve().name)
    out = {"name": manifest.name, "folder": str(folder), "template": template}
    if as_json:
        print_json(out)
        return
    console.print(f"created [bold]{manifest.name}[/] in {folder} from template {template}")
    console.print(f"deploy it with: [bold]cocoon deploy {folder}[/]")


def _list_templates() -> str:
    try:
        return ", ".join(templates.available())
    except Exception:  # help text must never fail
        return "see the cocoon.templates package"


init.__doc__ = f"{init.__doc__}\n\nTemplates: {_list_templates()}."


def deploy(
    path: Annotated[Path, typer.Argument(help="Function folder with a cocoon.toml.")],
    wait: Annotated[bool, typer.Option(help="Wait until a provider serves it.")] = True,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a provider.")] = 300,
    as_json: JsonFlag = False,
) -> None:
    """Deploy a function folder; prints its name, version and endpoint."""
    with Client() as client:
        with progress(f"uploading {path}", as_json):
            out = client.deploy(path)
        if wait:
            waiting = f"waiting for a provider to run {out.name} v{out.version}"
            with progress(waiting, as_json) as update:
                client.wait_served(out.name, out.digest, timeout_s=timeout, progress=update)
    if as_json:
        print_json(out)
        return
    state = "new version" if out.created else "unchanged (no-op)"
    table(
        "deployed",
        ["name", "version", "digest", "endpoint", ""],
        [[out.name, out.version, out.digest[:12], out.endpoint, state]],
    )


def read_payload(data: str) -> Any:
    """``--data``: inline JSON, ``@file`` or ``-`` (stdin)."""
    if data == "-":
        text, source = sys.stdin.read(), "stdin"
    elif data.startswith("@"):
        path = Path(data[1:])
        try:
            text, source = path.read_text(), str(path)
        except OSError as exc:
            raise CliError("bad_request", f"cannot read {path}: {exc.strerror or exc}",
                           hint="--data @FILE names a readable JSON file") from None
        except UnicodeDecodeError:
            raise CliError("invalid_json", f"{path} is not UTF-8 text") from None
    else:
        text, source = data, "--data"
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CliError("invalid_json", f"{source} is not valid JSON ({exc.msg})",
                       hint="give a JSON value, e.g. --data '{\"text\": \"hi\"}'") from None
    except RecursionError:
        raise CliError("invalid_json", f"{source} is nested too deeply") from None


def invoke(
    name: Annotated[str, typer.Argument(help="Function name.")],
    data: Annotated[
        str, typer.Option("--data", "-d", help="JSON payload: inline, @FILE, or - for stdin.")
    ],
    receipt: Annotated[bool, typer.Option("--receipt", help="Also show the receipt.")] = False,
    max_price: Annotated[int | None, typer.Option(help="Most nanotons to pay.", min=0)] = None,
    run_async: Annotated[bool, typer.Option(
        "--async", help="Submit as a job and print its id (`cocoon jobs show ID`).")] = False,
    webhook: Annotated[str | None, typer.Option(
        help="With --async: POST the (sealed) job here when it ends.")] = None,
    stream: Annotated[bool, typer.Option(
        "--stream", help="Print each item as the function yields it (one JSON line each).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Invoke a function end to end encrypted; prints its JSON result on stdout.

    With --json: {"output", "receipt", "simulated"} (with --async: the job; with --stream:
    the output is the list of items).
    """
    payload = read_payload(data)
    if run_async or webhook:
        from .jobs import submit_job

        submit_job(name, payload, max_price, webhook, as_json)
        return
    with Client() as client:
        if stream:
            with client.stream(name, payload, max_price=max_price) as items:
                for item in items:
                    if not as_json:
                        print(json.dumps(item, ensure_ascii=False), flush=True)
            result = items.invocation
            assert result is not None  # set once the stream ended well
        else:
            result = client.invoke(name, payload, max_price=max_price)
    if as_json:
        print_json({"output": result.output, "receipt": result.signed_receipt,
                    "simulated": result.simulated})
        return
    if not stream:
        print_json(result.output)
    if receipt:
        r = result.receipt
        emit({"request": r.request_id, "function": r.function, "provider": r.provider,
              "units": r.units, "amount": r.amount, "outcome": r.outcome,
              "TEE": "simulated" if r.simulated else "attested",
              "signature": result.signed_receipt.signature}, False, "receipt", ("amount",))
    if result.simulated:
        note("[yellow]served by a simulated TEE (development only)[/]")


def functions(as_json: JsonFlag = False) -> None:
    """Deployed functions (current versions), each placement's state and, when a version is
    not served, why."""
    with Client() as client:
        items = client.functions()
    if as_json:
        print_json(items)
        return
    rows = []
    for f in items:
        ready = sum(1 for p in f.placements if p.state == "ready")
        rows.append([f.name, f.version, f.digest[:12], f"{ton(f.unit_price)}/{f.unit}", ready,
                     _placement_status(f.placements, f.status), _placements(f.placements),
                     f.endpoint])
    table("functions", ["name", "version", "digest", "price", "providers", "status",
                        "placements", "endpoint"], rows)


def _placements(placements: list[Placement]) -> str:
    """``provider: state`` for each placement (a failed one with its reason)."""
    return ", ".join(f"{p.provider}: {p.state}" + (f" ({p.detail})" if p.state == "failed"
                                                   and p.detail else "")
                     for p in placements if p.state != "retired") or "-"


def _placement_status(placements: list[Placement], status: str = "") -> str:
    """One cell saying why a version is not served, when it is not."""
    if any(p.state == "ready" for p in placements):
        return "ready"
    if any(p.state == "idle" for p in placements):
        return "idle (scaled to zero: the next call wakes it)"
    if status:
        return status
    failed = [p for p in placements if p.state == "failed"]
    if failed:
        return f"failed on {failed[0].provider}: {failed[0].detail or 'no detail'}"
    return "placing" if placements else "no provider yet"


def delete(
    name: Annotated[str, typer.Argument(help="Function name.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Delete a function: every provider retires it; it is no longer listed or invocable
    (deploying the name again brings it back)."""
    if not yes and not as_json:
        typer.confirm(f"delete {name} (every version stops serving)?", abort=True)
    with Client() as client:
        out = client._request("DELETE", f"/v1/functions/{name}").json()
    if as_json:
        print_json(out)
        return
    console.print(f"deleted [bold]{name}[/]")


def rollback(
    name: Annotated[str, typer.Argument(help="Function name.")],
    version: Annotated[int | None, typer.Argument(
        help="Version to run (default: the one before the current).", min=1)] = None,
    as_json: JsonFlag = False,
) -> None:
    """Make an earlier version current: providers serve it and retire the other."""
    with Client() as client:
        out = FunctionOut.model_validate(client._request(
            "POST", f"/v1/functions/{name}/rollback", json={"version": version}).json())
    if as_json:
        print_json(out)
        return
    console.print(f"[bold]{out.name}[/] runs v{out.version} ({out.digest[:12]}) now")


def register(app: typer.Typer) -> None:
    for command in (init, deploy, invoke, functions, delete, rollback):
        app.command()(command)
