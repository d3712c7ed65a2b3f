"""The committed clients (clients/python, clients/typescript) are what openapi.json generates, generated with no
warning, and every module of the Python client imports. `make test` installs the generators (.venv-clients and
clients/typescript/node_modules); `make clients` regenerates the clients."""

import subprocess

from local.clients import CLIENTS_VENV, PYTHON_CLIENT, GeneratorFailed, check


def test_the_committed_clients_are_what_the_document_generates_without_warnings():
    try:
        differing = check()
    except GeneratorFailed as error:
        raise AssertionError(f"a generator failed or warned:\n{error}") from None
    assert differing == [], f"run `make clients` and commit clients/: {differing}"


def test_every_module_of_the_python_client_imports():
    script = (
        "import importlib, pkgutil, crm_client\n"
        "names = [m.name for m in pkgutil.walk_packages(crm_client.__path__, 'crm_client.')]\n"
        "[importlib.import_module(name) for name in names]\n"
        "print(len(names))\n"
    )
    done = subprocess.run(
        [str(CLIENTS_VENV / "bin" / "python"), "-c", script],
        cwd=PYTHON_CLIENT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 100  # the api modules and the models
