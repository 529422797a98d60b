/**
 * A value the owning subgraph masked is masked again by our gateway: that must change nothing, or
 * answers through our gateway would differ from what they were. And a NIK must never pass for its
 * own mask, or a clear key would be refused as a masked one.
 */
import { PERSONAL_DATA_MASKS, PersonalDataKind } from '../contract/personal-data';
import { isMasked, readKeyFields } from '../contract/personal-data-masking';
import { storyWorkers } from '../domain/seed-story';

const workers = storyWorkers().slice(0, 500);
const samples: Record<PersonalDataKind, string[]> = {
  nik: [...workers.map((w) => w.nik), '', '123'],
  name: [...workers.map((w) => w.fullName), 'A', 'Maria  de  Fretes'],
  date: workers.map((w) => w.birthDate),
  full: ['PKH', 'BPNT', ''],
  partial: ['PKH', 'ab', 'a', '', 'Nelayan'],
};

describe('the masks of personal data', () => {
  it.each(Object.keys(samples) as PersonalDataKind[])('masking a %s twice gives what masking it once gave', (kind) => {
    const mask = PERSONAL_DATA_MASKS[kind];
    const changedBySecondMask = samples[kind].filter((value) => mask(mask(value)) !== mask(value));
    expect(changedBySecondMask).toEqual([]);
    expect(samples[kind].filter((value) => !isMasked(kind, mask(value)))).toEqual([]);
  });

  it('never takes a clear NIK for a masked one', () => {
    expect(workers.filter((w) => isMasked('nik', w.nik)).map((w) => w.nik)).toEqual([]);
    expect(isMasked('nik', 42)).toBe(false);
  });

  it("reads each entity's key fields from a subgraph's SDL, compound keys field by field", () => {
    const keys = readKeyFields(`
      type Worker @key(fields: "nik") { nik: ID! }
      type AreaCoverage @key(fields: "areaCode asOf") @key(fields: "id") { areaCode: ID! asOf: String! id: ID! }
      type Card @key(fields: "holder { nik }") { holder: Worker! }
      type Plain { name: String }
    `);
    expect(Object.fromEntries([...keys].map(([type, fields]) => [type, [...fields]]))).toEqual({
      Worker: ['nik'],
      AreaCoverage: ['areaCode', 'asOf', 'id'],
      Card: ['holder'],
    });
  });
});
