import { createHash, webcrypto } from 'node:crypto';

/** A software passkey authenticator for tests (unit tests of src/auth/passkeys and HTTP tests). */

export const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
export const utf8 = (s: string) => new TextEncoder().encode(s);
const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

export const FLAG_UP = 0x01;
export const FLAG_UV = 0x04;
export const FLAG_AT = 0x40;

/** Minimal CBOR: byte strings and text up to 65535 bytes, the only shapes a "none" attestation needs. */
function cborBytes(b: Uint8Array, major = 0x40): Uint8Array {
  if (b.length < 24) return concat(new Uint8Array([major | b.length]), b);
  if (b.length < 256) return concat(new Uint8Array([major | 24, b.length]), b);
  return concat(new Uint8Array([major | 25, b.length >> 8, b.length & 255]), b);
}
const cborText = (s: string) => cborBytes(utf8(s), 0x60);

/** DER-encodes a raw (r || s) P-256 signature, as authenticators send it. */
function derSignature(raw: Uint8Array): Uint8Array {
  const int = (x: Uint8Array) => {
    let i = 0;
    while (i < x.length - 1 && x[i] === 0) i++;
    let v = x.slice(i);
    if ((v[0] ?? 0) & 0x80) v = concat(new Uint8Array([0]), v);
    return concat(new Uint8Array([0x02, v.length]), v);
  };
  const body = concat(int(raw.slice(0, 32)), int(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

/** A software authenticator (ES256, "none" attestation) that signs whatever counter it is told to. */
export async function softAuthenticator() {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', keys.publicKey));
  // COSE EC2 key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
  const cose = concat(new Uint8Array([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]), cborBytes(raw.slice(1, 33)), new Uint8Array([0x22]), cborBytes(raw.slice(33)));
  const credentialId = new Uint8Array(webcrypto.getRandomValues(new Uint8Array(16)));
  const id = b64url(credentialId);

  const clientData = (type: string, challenge: string, origin: string) => utf8(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

  return {
    id,
    register(o: { challenge: string; origin: string; rpId: string; flags?: number }) {
      const authData = concat(
        sha256(utf8(o.rpId)),
        new Uint8Array([o.flags ?? FLAG_UP | FLAG_UV | FLAG_AT]),
        u32(0),
        new Uint8Array(16), // AAGUID
        new Uint8Array([0, credentialId.length]),
        credentialId,
        cose,
      );
      const attestationObject = concat(new Uint8Array([0xa3]), cborText('fmt'), cborText('none'), cborText('attStmt'), new Uint8Array([0xa0]), cborText('authData'), cborBytes(authData));
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: { clientDataJSON: b64url(clientData('webauthn.create', o.challenge, o.origin)), attestationObject: b64url(attestationObject), transports: ['internal'] },
        clientExtensionResults: {},
      };
    },
    async authenticate(o: { challenge: string; origin: string; rpId: string; counter: number; flags?: number }) {
      const authData = concat(sha256(utf8(o.rpId)), new Uint8Array([o.flags ?? FLAG_UP | FLAG_UV]), u32(o.counter));
      const clientDataJSON = clientData('webauthn.get', o.challenge, o.origin);
      const signed = concat(authData, sha256(clientDataJSON));
      const sig = new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, signed));
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(derSignature(sig)), userHandle: b64url(utf8('user-1')) },
        clientExtensionResults: {},
      };
    },
  };
}
