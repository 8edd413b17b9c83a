"""The desktop window. The only package that imports PySide6; it reaches the data through ecodesk.services.

The Qt-free modules the first window needs are imported here, before any module of this package imports
PySide6: from then on PySide6's import hook reads the source of every module named by an import statement
(looking for "PySide6"), once per module, which costs some 0.2-1 ms each at the cold start.
"""

from ecodesk.domain import filters, plan  # noqa: F401
from ecodesk.gui import dialogs, guard, qt_values  # noqa: F401  (these three import PySide6 only where used)
from ecodesk.store import location, lock, network, quick_read  # noqa: F401
