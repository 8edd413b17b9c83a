"""The desktop window. The only package that imports PySide6; it reaches the data through ecodesk.services.

The Qt-free modules the first window needs are imported here, before any module of this package imports
PySide6: from then on PySide6's import hook reads the source of every newly imported module (looking for
`from __feature__ import …`), which would add several milliseconds to the cold start for nothing.
"""

from ecodesk.domain import filters, plan  # noqa: F401
from ecodesk.store import location, lock, network, quick_read  # noqa: F401
