"""Sealing a saved analysis: compressed, then encrypted with a key derived from its token.

The store keeps a SHA-256 digest of the token to find the record and never the token itself, so
the key exists only in the owner's link. Whatever a database leaves behind after a delete — dead
PostgreSQL tuples before VACUUM, SQLite free pages, a backup — holds ciphertext nobody can read.
AES-256-GCM authenticates the record id too, so a sealed payload cannot be moved to another row.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENCODING = "aesgcm-zlib-v1"
PLAIN = "plain"
_KEY_LABEL = b"reelshift saved-analysis key v1\0"
_NONCE_BYTES = 12


class SealError(Exception):
    """A sealed payload could not be opened (wrong token, damaged or moved record)."""


def key_for(token: str) -> bytes:
    """The record's key: independent of the stored digest (a different hash input)."""
    return hashlib.sha256(_KEY_LABEL + token.encode("utf-8", "surrogatepass")).digest()


def seal(token: str, record_id: str, profile_json: str, analysis_json: str) -> bytes:
    body = json.dumps({"profile": profile_json, "analysis": analysis_json}).encode("utf-8")
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(key_for(token)).encrypt(nonce, zlib.compress(body, 6), record_id.encode())


def open_sealed(token: str, record_id: str, payload: bytes) -> tuple[str, str]:
    nonce, box = payload[:_NONCE_BYTES], payload[_NONCE_BYTES:]
    try:
        body = zlib.decompress(AESGCM(key_for(token)).decrypt(nonce, box, record_id.encode()))
        data = json.loads(body)
        return str(data["profile"]), str(data["analysis"])
    except (InvalidTag, zlib.error, ValueError, KeyError, TypeError) as exc:
        raise SealError("the saved analysis could not be opened") from exc
