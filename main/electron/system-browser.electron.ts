/** The system browser, for the API's sign-in page (RFC 8252: never an embedded web view). */
import { shell } from 'electron';

/** Opens an https page, or an http page on this computer (the embedded demo API), in the system browser. */
export async function openInSystemBrowser(url: string): Promise<void> {
  const { protocol, hostname } = new URL(url);
  if (
    protocol !== 'https:' &&
    !(protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname))
  )
    throw new Error('Refusing to open a sign-in page that is neither https nor on this computer.');
  await shell.openExternal(url);
}
