/** Ensures an unlocked Secret Service keyring is reachable for keytar (filled in by the desktop work). */
export default async function setup(): Promise<void> {}
