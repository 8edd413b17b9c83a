"""Signing in to the bureau's server: the address remembered (never the password), the password asked.

文件 ▸ 打开数据库… ▸ 服务器 and a start on a server that refuses (wrong password, disabled account, server
down, unknown host) both come here. The dialog checks the sign-in before it closes, so a wrong password is
said in the dialog and typed again; a start that fails can switch to the local database file instead.
The password is kept in memory for this process, or, when the clerk ticks the box, in the system's
credential store (store/signin.py); QSettings holds the address and the CA file only.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL, make_url

from ecodesk.domain.errors import SignInError, UserError
from ecodesk.gui.server_start import ADDRESS_KEY, AT_START_KEY
from ecodesk.store import signin

WARNED_KEY = "server/plain_warned"  # the accounts warned about their unverified connection
LOCAL = "local"  # ask_server's answer when the clerk chose the local database file instead
CA_FILTER = "CA 证书 (*.crt *.pem *.cer);;所有文件 (*)"


class ServerDialog(QDialog):
    """Server, port, database, account, password, 保存密码, and the server's CA certificate file."""

    def __init__(self, parent: QWidget | None, address: URL | None, message: str = "",
                 offer_local: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("登录服务器数据库")
        self.chose_local = False
        self.host, self.database, self.user = QLineEdit(), QLineEdit("ecodesk"), QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.save = QCheckBox("在本机的凭据管理器中保存密码（下次无需输入）")
        self.ca_file = QLineEdit()
        self.ca_file.setPlaceholderText("服务器的 CA 证书文件（由管理员提供），用于加密并验证服务器")
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self._lay_out(offer_local)
        if address is not None:
            self._fill(address)
        (self.password if self.host.text() and self.user.text() else self.host).setFocus()

    def _lay_out(self, offer_local: bool) -> None:
        form = QFormLayout()
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file)
        ca_row.addWidget(browse)
        for label, field in (("服务器：", self.host), ("端口：", self.port), ("数据库：", self.database),
                             ("账户：", self.user), ("密码：", self.password)):
            form.addRow(label, field)
        form.addRow("", self.save)
        form.addRow("CA 证书：", ca_row)
        buttons = QDialogButtonBox()
        buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        if offer_local:
            local = buttons.addButton("改用本机数据库", QDialogButtonBox.ButtonRole.ActionRole)
            local.clicked.connect(self._choose_local)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._sign_in)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.message)
        column.addLayout(form)
        column.addWidget(buttons)

    def _fill(self, address: URL) -> None:
        self.host.setText(address.host or "")
        self.port.setValue(address.port or 5432)
        self.database.setText(address.database or "ecodesk")
        self.user.setText(address.username or "")
        self.ca_file.setText(str(address.query.get("sslrootcert", "")))

    def _browse(self) -> None:
        from ecodesk.gui.file_dialogs import open_file_name

        chosen = open_file_name(self, "选择服务器的 CA 证书文件", CA_FILTER)
        if chosen:
            self.ca_file.setText(chosen)

    def _choose_local(self) -> None:
        self.chose_local = True
        self.accept()

    def address(self) -> URL:
        """What was typed, without the password; verified against the CA file when one is given."""
        url = URL.create("postgresql", username=self.user.text().strip() or None, host=self.host.text().strip(),
                         port=self.port.value(), database=self.database.text().strip() or None)
        return signin.with_tls(url, self.ca_file.text().strip())

    def _sign_in(self) -> None:
        """Check the sign-in before closing: a refusal is said here and the clerk may try again."""
        from ecodesk.store.db import try_sign_in

        if not self.host.text().strip() or not self.user.text().strip():
            self.message.setText("请填写服务器地址和账户")
            return
        url = self.address()
        if self.password.text():
            signin.remember_typed(url, self.password.text())
        try:
            try_sign_in(url.render_as_string(hide_password=False))
        except UserError as err:
            if isinstance(err, SignInError) and err.reason == SignInError.WRONG_PASSWORD:
                signin.forget_typed(url)
                signin.delete_saved_password(url)  # a saved one that no longer works is not tried again
            self.message.setText(str(err))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.message.setText("")
        self.accept()


def ask_server(parent: QWidget | None, address: URL | None = None, message: str = "",
               offer_local: bool = False) -> str | None:
    """The server the clerk signed in to (its address, no password), LOCAL, or None when cancelled."""
    dialog = ServerDialog(parent, address or remembered_address(), message, offer_local)
    if not dialog.exec():
        return None
    if dialog.chose_local:
        return LOCAL
    url = dialog.address()
    if dialog.save.isChecked() and dialog.password.text():
        problem = signin.save_password(url, dialog.password.text())
        if problem:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(parent, "未保存密码", problem)
    target = url.render_as_string(hide_password=False)
    QSettings().setValue(ADDRESS_KEY, target)
    warn_plain_once(parent, url)
    return target


def remembered_address() -> URL | None:
    text = str(QSettings().value(ADDRESS_KEY, "") or "")
    return make_url(text) if text else None


def warn_plain_once(parent: QWidget | None, url: URL) -> None:
    """Tell the clerk once per account that its connection is not verified by the server's certificate."""
    warning = signin.plain_connection_warning(url)
    settings = QSettings()
    warned = set(str(settings.value(WARNED_KEY, "") or "").split("\n")) - {""}
    key = signin.account_key(url)
    if warning is None or key in warned:
        return
    settings.setValue(WARNED_KEY, "\n".join(sorted(warned | {key})))
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, "连接未验证", warning)


def recover(err: SignInError, target: str | None) -> str | None:
    """A start on a server failed to sign in: sign in again (the dialog says why), or switch to the local
    database file; None when the clerk cancels."""
    from ecodesk.store.location import resolve_target

    chosen = ask_server(None, make_url(resolve_target(target)), str(err), offer_local=True)
    if chosen == LOCAL:
        from ecodesk.store.location import default_database_path

        QSettings().setValue(AT_START_KEY, False)
        return str(default_database_path())
    return chosen
