"""What a controller of the window is handed: the parts it needs, never the window itself.

Controllers (file actions, the backup dialog, exports) act on the Workspace and speak through these parts,
so that they do not reach into the window's widgets and the window keeps layout and wiring only (as
TagStudio's style guide puts it: pass the components a view needs, not its driver).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtWidgets import QWidget

STATUS_MS = 8000  # how long a status-bar message stays


class WindowParts(NamedTuple):
    """A parent for dialogs, the runner of slow work off the GUI thread (Ops.run's signature: the window's
    Ops as it is when called), and the status line.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    parent: QWidget
    run: Callable[..., None]
    show_status: Callable[[str], None]
