"""Values of Qt enums that the first window uses, as plain ints.

The first use of `PySide6.QtCore.Qt` builds Python enums for the whole Qt namespace: some 1,200 members,
about 35 ms, a sixth of what the window itself adds to a cold start. The modules the first window runs
therefore name these values here and reach `QtCore.Qt` only in code that runs later (a drag, a dialog).
Qt keeps these numbers stable; tests/gui/test_startup.py checks each against Qt's own enum and that showing
the first window leaves Qt's namespace unbuilt.
"""

DECORATION_ROLE = 1  # Qt.ItemDataRole.DecorationRole
EDIT_ROLE = 2  # Qt.ItemDataRole.EditRole
FOREGROUND_ROLE = 9  # Qt.ItemDataRole.ForegroundRole
CHECK_STATE_ROLE = 10  # Qt.ItemDataRole.CheckStateRole
USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole

UNCHECKED, CHECKED = 0, 2  # Qt.CheckState.Unchecked, Qt.CheckState.Checked
WIDGET_SHORTCUT = 0  # Qt.ShortcutContext.WidgetShortcut
CUSTOM_CONTEXT_MENU = 3  # Qt.ContextMenuPolicy.CustomContextMenu
SCROLL_BAR_OFF = 1  # Qt.ScrollBarPolicy.ScrollBarAlwaysOff
