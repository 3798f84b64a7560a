// Verifies a certificate seal: SKC1: + base45(zlib(COSE_Sign1(CWT))), ES256, against a JWK Set.
import { decode } from "../vendor/cborg/lib/decode.js";
import { encode } from "../vendor/cborg/lib/encode.js";
import { unzlibSync } from "../vendor/fflate/browser.js";

export const PREFIX = "SKC1:";
const BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
const COSE_SIGN1 = 18;
const ES256 = -7;
const SIGNATURE_BYTES = 64;

class Invalid extends Error {}

function base45Decode(text) {
  const bytes = [];
  for (let start = 0; start < text.length; start += 3) {
    const digits = Array.from(text.slice(start, start + 3), (char) => {
      const value = BASE45.indexOf(char);
      if (value < 0) throw new Invalid("base45");
      return value;
    });
    if (digits.length === 1) throw new Invalid("base45");
    const value = digits[0] + digits[1] * 45 + (digits.length === 3 ? digits[2] * 2025 : 0);
    if (digits.length === 3) {
      if (value > 0xffff) throw new Invalid("base45");
      bytes.push(value >> 8, value & 0xff);
    } else {
      if (value > 0xff) throw new Invalid("base45");
      bytes.push(value);
    }
  }
  return Uint8Array.from(bytes);
}

/** The seal in what a person pasted or scanned: the seal itself, a line NUMBER<TAB>SEAL, or
 *  the verifier's address with the seal in its fragment (where space and % are escaped). */
export function sealFromText(text) {
  let value = text.replace(/^\s+/, "").replace(/[\r\n\t]+$/, "");
  const hash = value.indexOf("#");
  if (hash >= 0) {
    try {
      return decodeURIComponent(value.slice(hash + 1));
    } catch {
      return value.slice(hash + 1);
    }
  }
  const tab = value.lastIndexOf("\t");
  return tab >= 0 ? value.slice(tab + 1) : value;
}

function cbor(bytes) {
  return decode(bytes, { useMaps: true, tags: { [COSE_SIGN1]: (decodeContent) => decodeContent() } });
}

function isBytes(value) {
  return value instanceof Uint8Array;
}

function toObject(map) {
  if (!(map instanceof Map)) throw new Invalid("claims");
  return Object.fromEntries(map);
}

/** { status: valid | invalid | unknown-key | retired-key, reason?, kid?, claims? } */
export async function verifySeal(seal, keySet, officialHost) {
  let envelope;
  try {
    if (!seal.startsWith(PREFIX)) throw new Invalid("prefix");
    envelope = cbor(unzlibSync(base45Decode(seal.slice(PREFIX.length))));
    if (!Array.isArray(envelope) || envelope.length !== 4) throw new Invalid("envelope");
    const [protectedHeader, , payload, signature] = envelope;
    if (!isBytes(protectedHeader) || !isBytes(payload) || !isBytes(signature)) {
      throw new Invalid("envelope");
    }
    if (signature.length !== SIGNATURE_BYTES) throw new Invalid("signature");
    const header = cbor(protectedHeader);
    if (!(header instanceof Map) || header.get(1) !== ES256 || !isBytes(header.get(4))) {
      throw new Invalid("header");
    }
    const kid = new TextDecoder().decode(header.get(4));
    const trusted = (keySet.keys || []).find((key) => key.kid === kid);
    const retired = (keySet.retired_keys || []).find((key) => key.kid === kid);
    const jwk = trusted || retired;
    if (!jwk) return { status: "unknown-key", kid };
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y },
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
    const signed = encode(["Signature1", protectedHeader, new Uint8Array(0), payload]);
    // COSE's signature is r || s, the form WebCrypto's ECDSA expects.
    const genuine = await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" }, key, signature, signed,
    );
    if (!genuine) throw new Invalid("signature");
    const claims = cbor(payload);
    if (!(claims instanceof Map) || claims.get(1) !== officialHost) throw new Invalid("issuer");
    return {
      status: trusted ? "valid" : "retired-key",
      kid,
      issuer: claims.get(1),
      issuedAt: claims.get(6),
      claims: toObject(claims.get("cert")),
    };
  } catch (error) {
    if (error instanceof Invalid) return { status: "invalid", reason: error.message };
    return { status: "invalid", reason: "format" };
  }
}
