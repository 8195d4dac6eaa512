"""Named staff accounts from configuration: a YAML file listing each person's name, role and
password hash (argon2id, as OWASP's Password Storage Cheat Sheet recommends). The console
keeps no password, only these hashes; a name not listed signs nobody in.

```yaml
staff:
  - name: mina
    role: secretariat   # everything
    password_hash: "$argon2id$v=19$..."
  - name: joon
    role: observer      # reads every page, changes nothing
    password_hash: "$argon2id$v=19$..."
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field

Role = Literal["secretariat", "observer"]
_HASHER = PasswordHasher()
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = _HASHER.hash("not a password of anyone")


class StaffAccount(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    role: Role
    password_hash: str = Field(repr=False)


class StaffFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    staff: tuple[StaffAccount, ...] = ()


def hash_password(password: str) -> str:
    """An argon2id hash for a staff file."""
    return _HASHER.hash(password)


class StaffBook:
    """Who may sign in. Raises `pydantic.ValidationError` on a malformed file."""

    def __init__(self, accounts: tuple[StaffAccount, ...]) -> None:
        self._accounts = {account.name: account for account in accounts}

    @classmethod
    def from_file(cls, path: Path | None) -> StaffBook:
        if path is None:
            return cls(())
        loaded = yaml.safe_load(path.read_text("utf-8")) or {}
        return cls(StaffFile.model_validate(loaded).staff)

    def with_account(self, name: str, role: Role, password: str) -> StaffBook:
        """This book and one more account (the first staff member `cityprize up` makes)."""
        added = StaffAccount(name=name, role=role, password_hash=hash_password(password))
        return StaffBook((*self._accounts.values(), added))

    def __len__(self) -> int:
        return len(self._accounts)

    def verify(self, name: str, password: str) -> StaffAccount | None:
        """The account when the password is its own, else None."""
        account = self._accounts.get(name)
        try:
            _HASHER.verify(account.password_hash if account else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return None
        return account
