"""The vault: one encrypted SQLCipher file on the local disk.

Unlocking proves the key, and checks the -wal file, by reading the bytes (`pages`) before
SQLite opens the file: a failed unlock writes nothing. The key is set in the connection hook
(never in a URL or a log). Each connection then gets the pragmas ARCHITECTURE.md asks for.
Locking disposes the engine and forgets the key.

A full disk, a damaged page or a failing disk is reported as a VaultError that says so
(`errors.vault_error_for`), wherever it happens: opening, reading or committing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3.dbapi2 as sqlcipher
from careplan_desktop import models
from careplan_desktop.models import Actor, register_columns

from . import key_slots, schema
from .copies import CopyCheck, check_copy, move_aside, row_counts
from .errors import VaultError, VaultExistsError, VaultMissingError, WrongPassphraseError, vault_error_for
from .key_slots import KeySlots, NotOnStaffList
from .pages import check_key, check_wal
from .passphrase import SALT_BYTES, check_new_passphrase, derive_key, new_salt, raw_key_pragma

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

CACHE_KIB = 32_768  # each connection's page cache
LARGE_CACHE_KIB = 131_072  # for work that reads much of a large vault more than once (`larger_cache`)

PRAGMAS = (
    "PRAGMA cipher_memory_security = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    f"PRAGMA cache_size = -{CACHE_KIB}",  # 32 MB of page cache: the register is read whole
)


def open_keyed_connection(path: Path, key: bytes, salt: bytes, *, opening: bool = False):
    """A DB-API connection with the (already proven) key set, tried with a read.

    Read-write on purpose: a read-only reader of a WAL vault leaves -wal/-shm files behind,
    while a plain connection that only reads removes them on close. A failure is explained
    (full disk, damaged file, failing disk); only a key that was never proven, which
    `Vault.unlock` does not allow, can still show up here as a wrong passphrase."""
    try:
        conn = sqlcipher.connect(f"file:{path.as_posix()}", uri=True, check_same_thread=False)
    except sqlcipher.Error as error:
        raise vault_error_for(error, path.parent, opening=opening) or WrongPassphraseError() from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(raw_key_pragma(key, salt))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as error:
        conn.close()
        raise vault_error_for(error, path.parent, opening=opening) or WrongPassphraseError() from None
    return conn


@contextlib.contextmanager
def explaining(folder: Path, *, opening: bool = False) -> Iterator[None]:
    """Turn a full disk, a damaged page or a failing disk in `folder` into the VaultError
    that says so; anything else passes unchanged."""
    try:
        yield
    except VaultError:
        raise
    except Exception as error:
        explained = vault_error_for(error, folder, opening=opening)
        if explained is None:
            raise
        log.error("vault: %s (%s)", type(explained).__name__, type(error).__name__)  # no text: may hold data
        raise explained from None


def read_salt(path: Path) -> bytes:
    if not path.is_file():
        raise VaultMissingError()
    with path.open("rb") as handle:
        salt = handle.read(SALT_BYTES)
    if len(salt) != SALT_BYTES:
        raise WrongPassphraseError()
    return salt


@contextlib.contextmanager
def larger_cache(session) -> Iterator[None]:
    """A larger page cache on this session's connection while it does work that reads much of a
    large vault more than once (a report's facts: decrypted once, not once a query); back to the
    usual size after, so a pooled connection does not keep it."""
    from sqlalchemy import text  # not at start-up: see `Vault.engine`

    session.execute(text(f"PRAGMA cache_size = -{LARGE_CACHE_KIB}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))


class Vault:
    """An unlocked vault. Build one with `Vault.create` or `Vault.unlock`."""

    def __init__(self, path: Path, key: bytes, salt: bytes) -> None:
        self.path = Path(path)
        self._key: bytes | None = key
        self._salt = salt
        self._engine: Engine | None = None
        self._session_maker: sessionmaker | None = None
        self._making = threading.Lock()  # workers may ask for the engine or a session at once
        self.actor = Actor(None, None)
        self.device_name = ""
        self.user_name = ""
        self.user_role = ""

    # -- opening -----------------------------------------------------------------------
    def _connect(self):
        if self._key is None:
            raise WrongPassphraseError()
        conn = open_keyed_connection(self.path, self._key, self._salt)
        try:
            for pragma in PRAGMAS:
                conn.execute(pragma)
        except BaseException:
            conn.close()
            raise
        return conn

    def _explained(self, *, opening: bool = False) -> contextlib.AbstractContextManager[None]:
        return explaining(self.path.parent, opening=opening)

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        repeated: str,
        *,
        user_name: str,
        user_role: str = "practice nurse",
        device_name: str = "This computer",
    ) -> Vault:
        check_new_passphrase(passphrase, repeated, personal=(user_name, device_name))
        path = Path(path)
        if path.exists():
            raise VaultExistsError()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        salt = new_salt()
        vault = cls(path, key_slots.new_vault_key(), salt)
        try:
            with vault._explained():
                schema.upgrade(vault.engine)
            with vault.transaction() as session:
                device = models.Device(name=device_name, is_this_device=True)
                user = models.User(name=user_name, role=user_role)
                session.add_all([device, user])
                session.flush()
                session.info["actor"] = Actor(user.uuid, device.uuid)
                device.changed_by_device = device.uuid
                models.record_event(session, "vault created", "device", device.uuid)
            slot = key_slots.make_slot(user.uuid, user_name, user_role, passphrase, vault._key, salt)
            key_slots.write_slots(path, KeySlots([slot]))
        except BaseException:
            vault.lock()
            for suffix in ("", "-wal", "-shm", ".keys"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        vault._load_actor()
        log.info("vault created")
        return vault

    @classmethod
    def unlock(cls, path: Path, passphrase: str, *, user: str | None = None, upgrade: bool = True) -> Vault:
        """Sign in to an existing vault as `user` (a staff name or uuid; None: the vault's creator,
        its first slot; `key_slots.FIRST_ADMINISTRATOR`: the first administrator), whose passphrase opens their key slot (`key_slots`). A wrong passphrase,
        or a damaged -wal file, leaves the vault's files byte-for-byte as they were: both are
        found by reading the bytes before SQLite opens them. An older schema is upgraded after an
        encrypted backup copy is written beside it. A vault made before key slots (no .keys file)
        is upgraded too: its passphrase becomes its first administrator's (`_give_slots`)."""
        path = Path(path)
        salt = read_salt(path)
        slots = key_slots.read_slots(path)
        slot = None
        if slots is None:
            key, slot_user = derive_key(passphrase, salt), None
        else:
            slot = slots.for_user(user)
            key, slot_user = slot.open(passphrase, salt), slot.user_uuid
        with explaining(path.parent, opening=True):
            try:
                check_key(path, key, salt)
            except WrongPassphraseError:
                if slots is None:  # a vault made before key slots, or one whose .keys file is lost
                    raise key_slots.KeySlotsMissing() from None
                raise
            check_wal(path, key, salt)
            with contextlib.closing(open_keyed_connection(path, key, salt, opening=True)) as check:
                state = schema.inspect_revision(check)
        vault = cls(path, key, salt)
        with vault._explained(opening=True):
            if state.needs_upgrade and upgrade:
                vault.backup_to(schema.backup_path_before_upgrade(path, state.current))
                schema.upgrade(vault.engine)
            if slots is None and upgrade:
                vault._load_actor()  # this device, for the audit row
                slot_user = vault._give_slots(passphrase, user)
            vault._load_actor(slot_user)
            if slot is not None and vault.actor.user_uuid != slot.user_uuid:
                vault._signed_in_from_slot(slot)
        log.info("vault unlocked")
        return vault

    def _give_slots(self, passphrase: str, user: str | None) -> str:
        """Upgrade a vault made before key slots: the passphrase that opened it becomes the first
        administrator's (a staff member "Administrator" is added when it has none). The key is
        wrapped as it is: the vault is not re-encrypted (see `key_slots`)."""
        from sqlalchemy import select

        with self.transaction() as session:
            admin = session.scalars(select(models.User).where(models.User.active.is_(True),
                                    models.User.role == "administrator").order_by(models.User.id)).first()
            if admin is None:
                admin = models.User(name="Administrator", role="administrator")
                session.add(admin)
                session.flush()
                models.record_event(session, "key slots made", "user", admin.uuid)
            if user not in (None, key_slots.FIRST_ADMINISTRATOR, admin.uuid, admin.name):
                raise NotOnStaffList()
            uuid, name = admin.uuid, admin.name
        assert self._key is not None
        key_slots.write_slots(self.path, KeySlots([key_slots.make_slot(uuid, name, "administrator", passphrase,
                                                                       self._key, self._salt)]))
        log.info("vault upgraded to key slots")
        return uuid

    def _load_actor(self, user_uuid: str | None = None) -> None:
        # plain SQL: start-up need not import SQLAlchemy or build every mapped class
        with self.plain_connection() as conn:
            device = conn.execute(register_columns.THIS_DEVICE).fetchone()
            user = conn.execute(register_columns.USER, (user_uuid, user_uuid)).fetchone()
        self.actor = Actor(user[0] if user else None, device[0] if device else None, user[2] if user else None)
        self.device_name = device[1] if device else ""
        self.user_name = user[1] if user else ""
        self.user_role = user[2] if user else ""

    def _signed_in_from_slot(self, slot: key_slots.KeySlot) -> None:
        """The slot's member of staff is not active in the vault: removed (refused, even if their
        slot were somehow left), or their row lost with a damaged -wal (signed in by the slot's
        name and role, so the vault can still be opened and restored)."""
        with self.plain_connection() as conn:
            removed = conn.execute('SELECT 1 FROM "user" WHERE uuid = ?', (slot.user_uuid,)).fetchone()
        if removed:
            self.lock()
            raise NotOnStaffList()
        self.actor = Actor(slot.user_uuid, self.actor.device_uuid, slot.role)
        self.user_name, self.user_role = slot.name, slot.role

    def sign_in(self, user_uuid: str) -> None:
        self._load_actor(user_uuid)

    # -- using -------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._key is not None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine over keyed connections, made on first use: start-up reads
        the register through `plain_connection` before SQLAlchemy is even imported."""
        with self._making:
            if self._engine is None:
                from sqlalchemy import create_engine
                from sqlalchemy.pool import QueuePool

                self._engine = create_engine(
                    "sqlite+pysqlite://",
                    creator=self._connect,
                    module=sqlcipher,
                    poolclass=QueuePool,
                    pool_size=4,
                    max_overflow=4,
                    pool_use_lifo=True,  # the connection used last, whose page cache is warm
                    hide_parameters=True,  # SQL errors never carry patient data into a log
                )
            return self._engine

    @property
    def _sessions(self) -> sessionmaker:
        """Made on first use, with every mapped class built and the flush rules installed
        first (models.load_all), so no session ever flushes without the audit rules."""
        if self._session_maker is None:
            from sqlalchemy.orm import sessionmaker

            models.load_all()
            engine = self.engine
            with self._making:
                if self._session_maker is None:
                    self._session_maker = sessionmaker(bind=engine, expire_on_commit=False)
        return self._session_maker

    @contextlib.contextmanager
    def plain_connection(self) -> Iterator[sqlcipher.Connection]:
        """A keyed DB-API connection for the plain-SQL reads in `models.register_columns`.
        Before the engine exists (start-up) a connection of its own, closed after; once it
        exists, one from the pool, whose page cache is already warm. Everything else uses
        sessions."""
        with self._explained():
            if self._engine is None:
                conn = self._connect()
                try:
                    yield conn
                finally:
                    conn.close()
                return
            pooled = self._engine.raw_connection()
            try:
                yield pooled.driver_connection
            finally:
                pooled.close()  # back to the pool, rolled back

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all. A full disk or
        a damaged page raises the VaultError that says so (nothing of the action is kept)."""
        with self._explained(), self._sessions.begin() as session:
            session.info["actor"] = self.actor
            yield session

    @contextlib.contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading; nothing done in it is committed."""
        session = self._sessions()
        session.info["actor"] = self.actor
        try:
            with self._explained():
                yield session
        finally:
            session.close()  # releases the connection, rolling back anything unflushed

    def lock(self) -> None:
        """Forget the key and close every connection."""
        self._key = None
        with self._making:
            if self._engine is not None:
                self._engine.dispose()
        log.info("vault locked")

    # -- care of the file ----------------------------------------------------------------
    def backup_to(self, destination: Path) -> Path:
        """An encrypted copy (same key) written atomically: temp name, then rename; the key slots
        are copied beside it (`<copy>.keys`), so the same staff sign in to the copy.
        A full disk is reported for the destination's folder."""
        destination = Path(destination)
        temporary = destination.with_name(destination.name + ".partial")
        temporary.unlink(missing_ok=True)
        if self._key is None:
            raise WrongPassphraseError()
        conn = self._connect()
        try:
            with explaining(destination.parent):
                conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{self._key.hex()}{self._salt.hex()}'\"", (str(temporary),))
                # a new file under a temporary name: no journal and no sync per statement (twenty
                # times faster); it is synced once, whole, before it is renamed into place
                conn.execute("PRAGMA backup.journal_mode = OFF")
                conn.execute("PRAGMA backup.synchronous = OFF")
                conn.execute("SELECT sqlcipher_export('backup')")
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute(f"PRAGMA backup.user_version = {int(version)}")
                conn.execute("DETACH DATABASE backup")
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        finally:
            conn.close()
        with contextlib.suppress(OSError):
            os.chmod(temporary, 0o600)
        try:
            with open(temporary, "rb+") as written:
                os.fsync(written.fileno())
            slots = key_slots.read_slots(self.path)
            if slots is not None:
                with explaining(destination.parent):
                    key_slots.write_slots(destination, slots)
            os.replace(temporary, destination)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return destination

    def check_copy(self, path: Path) -> CopyCheck:
        """Open an encrypted copy (a backup) with this vault's own key and check it: SQLite's
        and SQLCipher's checks and the rows in every table (`store.copies`). CopyUnreadable
        when this key does not open it."""
        if self._key is None:
            raise WrongPassphraseError()
        with explaining(Path(path).parent):
            return check_copy(Path(path), self._key, self._salt)

    def row_counts(self) -> dict[str, int]:
        """Rows in every table of the vault itself (to compare with a copy's)."""
        with self._explained(), contextlib.closing(self._connect()) as conn:
            return row_counts(conn)

    def replace_with(self, copy: Path, aside: Path) -> None:
        """Put a checked copy (made with this vault's key, in the vault's folder) in the vault's
        place: every connection is closed, the vault's files are moved to `aside`, the copy is
        renamed into place, and the vault opens it with the same key (upgrading an older
        schema). If the copy cannot be put in place, the vault's files are moved back."""
        if self._key is None:
            raise WrongPassphraseError()
        with self._making:
            if self._engine is not None:
                self._engine.dispose()
        with explaining(self.path.parent):
            move_aside(self.path, aside)
            try:
                os.replace(copy, self.path)
            except BaseException:
                move_aside(aside, self.path)
                raise
        with self._explained(opening=True), contextlib.closing(self._connect()) as conn:
            state = schema.inspect_revision(conn)
        if state.needs_upgrade:
            with self._explained():
                schema.upgrade(self.engine)
        self._load_actor(self.actor.user_uuid)

    def integrity_problems(self) -> list[str]:
        """Both SQLite's and SQLCipher's checks; an empty list means all is well."""
        with self._explained(), contextlib.closing(self._connect()) as conn:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check") if row[0] != "ok"]
            problems += [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        return problems

    def count(self, model) -> int:
        from sqlalchemy import func, select

        with self.reader() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0
