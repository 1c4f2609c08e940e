"""When a long asset step logs a progress line: every tenth of its partitions, and the last."""


def progress_due(done: int, total: int) -> bool:
    """True after the ``done``-th of ``total`` items when a progress line is due."""
    return done == total or done % max(total // 10, 1) == 0
