/** Starts one throwaway PostgreSQL cluster for the whole run (filled in by the API platform work). */
export default async function setup(): Promise<void> {}
