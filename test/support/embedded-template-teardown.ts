/** jest globalTeardown of the `e2e embedded` project: removes the seeded template (see embedded-template.ts). */
import fs from 'node:fs';

export default async function removeEmbeddedTemplate(): Promise<void> {
  const dataDir = process.env.EMBEDDED_TEMPLATE_DIR;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
