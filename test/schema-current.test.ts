import fs from 'node:fs';
import { composeRegistry, generatedSdls, SUPERGRAPH_PATH } from '../schema/compose';

describe('the checked-in schema is the contract reviewers read, so it must match the code', () => {
  it('has every subgraph SDL as the code prints it (run `npm run compose` when this fails)', async () => {
    for (const [file, sdl] of await generatedSdls()) {
      expect({ file, sdl: fs.readFileSync(file, 'utf8') }).toEqual({ file, sdl });
    }
  });

  it('has the supergraph that those SDLs compose into', async () => {
    const composition = composeRegistry(undefined, await generatedSdls());
    expect(composition).toMatchObject({ ok: true });
    if (composition.ok) expect(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composition.supergraphSdl);
  });
});
