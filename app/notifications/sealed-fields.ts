import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { TemplateName } from './notifier';

/**
 * Personalisation that lets whoever reads it act as the applicant: the save-and-return link and code
 * (continue and change their draft) and the single-use reply link (answer the council as them). An outbox
 * row never holds them in plain text: they are sealed (AES-256-GCM) when the email is queued, unsealed
 * only to hand them to the notifier, and dropped once it has the email (the row keeps `[withheld]`).
 */
export const SECRET_FIELDS: Record<TemplateName, readonly string[]> = {
  'application-received': [],
  'save-and-return': ['link', 'code'],
  'more-information': ['link'],
  decision: [],
};

/** What a secret field reads in the stored personalisation, before and after sending. */
export const WITHHELD = '[withheld]';

/** The personalisation split into what may be stored as it is and the secrets to seal. */
export function splitSecrets(
  template: TemplateName,
  personalisation: Record<string, string>,
): { stored: Record<string, string>; secrets: Record<string, string> | undefined } {
  const secretNames = new Set(SECRET_FIELDS[template] ?? []);
  const stored: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(personalisation)) {
    if (secretNames.has(name) && value !== WITHHELD) {
      secrets[name] = value;
      stored[name] = WITHHELD;
    } else stored[name] = value;
  }
  return { stored, secrets: Object.keys(secrets).length > 0 ? secrets : undefined };
}

/** Why sealed fields could not be read back; the outbox records the message on the row. */
export class UnsealError extends Error {}

const VERSION = 'v1';
const NONCE_BYTES = 12;

/**
 * Seals and unseals secret personalisation with a key derived from the session secret (HKDF-SHA256, its
 * own purpose, so it is not the key that signs cookies). Each value has a fresh random nonce and is bound
 * to its row (`bound`, the row id and template, as associated data), so it cannot be moved to another
 * row or recipient. The sealed text names the key's fingerprint: after SESSION_SECRET changes, a row
 * sealed with the old one fails with that said plainly rather than being sent with anything else in it.
 *
 *   v1.<key fingerprint>.<nonce>.<ciphertext>.<tag>   (base64url)
 */
export class FieldSeal {
  private readonly key: Buffer;
  /** A short, one-way fingerprint of the key: tells which secret sealed a value, reveals nothing of it. */
  readonly keyId: string;

  constructor(secret: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', secret, 'blue-badge-kit', 'notifications: sealed personalisation', 32),
    );
    this.keyId = createHmac('sha256', this.key).update('key fingerprint').digest('base64url').slice(0, 8);
  }

  seal(values: Record<string, string>, bound: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(bound));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, nonce, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  unseal(sealed: string, bound: string): Record<string, string> {
    const [version, keyId, nonce, ciphertext, tag, ...rest] = sealed.split('.');
    if (version !== VERSION || !tag || rest.length > 0)
      throw new UnsealError('The sealed link or code is not in a form this kit reads');
    if (keyId !== this.keyId)
      throw new UnsealError(
        `The link or code was sealed with a different SESSION_SECRET (key ${keyId}; this one is ${this.keyId}), ` +
          'so the email cannot be sent. Put the previous secret back to send it; otherwise a new save ' +
          '(or, for a reply link, its reminder) brings a new link.',
      );
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'), {
        authTagLength: 16,
      });
      decipher.setAAD(Buffer.from(bound));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    } catch (error) {
      throw new UnsealError('The sealed link or code has been altered or belongs to another email', {
        cause: error,
      });
    }
  }
}
