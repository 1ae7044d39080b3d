/**
 * What every IPC call returns: a value or a typed error, never a thrown exception across the process
 * boundary (STYLE.md point 5).
 */
import { z } from 'zod';

export const IPC_ERROR_CODES = [
  'invalid_args',
  'unknown_channel',
  'forbidden',
  'not_found',
  'unavailable',
  /** The change cannot be made as asked (a slot the cache shows taken, a status move not allowed). */
  'conflict',
  'internal',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export const IpcError = z.object({ code: z.enum(IPC_ERROR_CODES), message: z.string() });
/** A failure the renderer can show; `message` never carries secrets or stack traces. */
export type IpcError = z.infer<typeof IpcError>;

/** `{ok: true, value}` or `{ok: false, error}`. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: IpcErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
