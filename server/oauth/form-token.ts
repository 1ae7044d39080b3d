/**
 * The signed hidden `form_token` of the sign-in form: an HMAC over the authorization request the form
 * was served for, its expiry and a nonce. A POST must carry the same request parameters the server
 * rendered (so a tampered redirect_uri or challenge is refused) within the token's lifetime.
 * The key is derived from the master keyring, so every instance of a deployment accepts every form.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MasterKeyring } from '../crypto/master-key.keyring';

/** How long a served sign-in form can be submitted. */
export const FORM_TOKEN_SECONDS = 15 * 60;

export class FormTokenSigner {
  readonly #key: Buffer;

  constructor(
    key: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#key = key;
  }

  /** A signer whose key is derived (HKDF) from the keyring's active master key. */
  static fromKeyring(
    keyring: Pick<MasterKeyring, 'activeKeyId' | 'keyFor'>,
    now?: () => Date,
  ): FormTokenSigner {
    const master = keyring.keyFor(keyring.activeKeyId)!;
    return new FormTokenSigner(
      Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'bookdesk/oauth-form-token', 32)),
      now,
    );
  }

  /** A token for a form showing the authorization request `params`. */
  sign(params: Readonly<Record<string, string>>): string {
    const expires = Math.floor(this.now().getTime() / 1000) + FORM_TOKEN_SECONDS;
    const nonce = randomBytes(12).toString('base64url');
    return `${expires}.${nonce}.${this.mac(params, expires, nonce)}`;
  }

  /** True when `token` was issued for exactly `params` and has not expired. */
  verify(token: string, params: Readonly<Record<string, string>>): boolean {
    const [expiresText, nonce, mac, ...rest] = token.split('.');
    if (rest.length > 0 || !expiresText || !nonce || !mac || !/^\d{1,12}$/.test(expiresText)) return false;
    const expires = Number(expiresText);
    if (expires * 1000 <= this.now().getTime()) return false;
    const expected = Buffer.from(this.mac(params, expires, nonce));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** When a token (already verified) stops being accepted. */
  expiresAt(token: string): Date {
    return new Date(Number(token.split('.', 1)[0]) * 1000);
  }

  private mac(params: Readonly<Record<string, string>>, expires: number, nonce: string): string {
    const canonical = JSON.stringify(
      Object.keys(params)
        .sort()
        .map((name) => [name, params[name]]),
    );
    return createHmac('sha256', this.#key).update(`${expires}\n${nonce}\n${canonical}`).digest('base64url');
  }
}
