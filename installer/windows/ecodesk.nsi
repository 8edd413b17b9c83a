[% extends "pyapp.nsi" %]
[#
  pynsist's installer script plus what EcoDesk needs:
  - the installer speaks Chinese (English stays as the fallback for non-Chinese Windows);
  - an upgrade starts from a clean pkgs\ folder;
  - a desktop icon next to the Start-menu shortcut, both named after the application;
  - the uninstaller keeps the clerk's data. EcoDesk keeps its database in the user data folder
    (%LOCALAPPDATA%\EcoDesk, see ecodesk.store.location), never under $INSTDIR, and nothing here
    deletes anything outside $INSTDIR, the shortcuts and the registry entries the installer wrote.
#]

[% block modernui %]
[[ super() ]]
!insertmacro MUI_LANGUAGE "SimpChinese"
[% endblock modernui %]

[% block install_pkgs %]
  ; an upgrade replaces the libraries instead of mixing two versions (pynsist issue #66)
  RMDir /r "$INSTDIR\pkgs"
[[ super() ]]
[% endblock install_pkgs %]

[% block install_shortcuts %]
[[ super() ]]
  ; Desktop icon: the same target, arguments and icon as the Start-menu shortcut
  [% for scname, sc in ib.shortcuts.items() %]
  CreateShortCut "$DESKTOP\[[scname]].lnk" "[[sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  [% endfor %]
[% endblock install_shortcuts %]

[% block uninstall_shortcuts %]
[[ super() ]]
  [% for scname in ib.shortcuts %]
  Delete "$DESKTOP\[[scname]].lnk"
  [% endfor %]
[% endblock uninstall_shortcuts %]
