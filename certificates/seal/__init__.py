"""Signed seals: a certificate's data in its QR code, signed so anyone can check it offline.

A seal is a CBOR Web Token in a COSE_Sign1 envelope (ES256), zlib-compressed and base45-encoded
behind the prefix ``SKC1:``; the keys that verify it are published at
``/.well-known/certificate-seal-keys.json``."""
