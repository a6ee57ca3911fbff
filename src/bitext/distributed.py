"""Corpus builds on a Dask cluster: each document pair is one task, run where Dask runs tasks.

    from dask.distributed import Client
    from bitext.distributed import build_on_dask

    report = build_on_dask("corpora", "out", Client("tcp://scheduler:8786"))

The unit of work is :func:`bitext.corpus.build_pair` (read, segment, align and write one pair);
the scheduler spreads the pairs over the workers, and the client writes the state files and
the report, exactly as a local build does, so the outputs are identical. The corpus folder and
the output folder must be paths every worker can read and write (a shared file system, or one
machine's disk for a local cluster). Install with ``pip install bitext[dask]``.
"""

from __future__ import annotations

from .corpus import BuildReport, build
from .errors import BitextError
from .options import BuildOptions


def build_on_dask(folder: str, out: str, client=None, options: BuildOptions = BuildOptions()) -> BuildReport:
    """:func:`bitext.corpus.build` with each pair a task on the Dask cluster of ``client``
    (a ``dask.distributed.Client``; None: the current default client)."""
    try:
        from dask.distributed import default_client
    except ImportError:  # pragma: no cover - depends on the installation
        raise BitextError("Dask is not installed: pip install 'bitext[dask]'") from None
    client = client or default_client()
    return build(folder, out, options, executor=client.get_executor(pure=False))


def connect(address: str):
    """A Dask client of the scheduler at ``address``; a one-line error when it cannot be reached."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise BitextError("Dask is not installed: pip install 'bitext[dask]'") from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise BitextError(f"cannot reach the Dask scheduler: {exc}", address) from None
