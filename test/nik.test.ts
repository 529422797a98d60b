import { composeNik, maskNik, parseNik } from '../domain/nik';

const TODAY = new Date('2026-11-26T00:00:00Z');

describe('an officer types a NIK and the system tells whether it can be real', () => {
  it.each([
    ['too short', '817102120890001', 'exactly 16 digits'],
    ['too long', '81710212089000123', 'exactly 16 digits'],
    ['letters', '81710212O8900012', 'exactly 16 digits'],
    ['day 32', '8171023212900001', 'not a real birth date'],
    ['month 13', '8171021213900001', 'not a real birth date'],
    ['30 February', '8171023002900001', 'not a real birth date'],
    ['a woman born on day 32 (72)', '8171027212900001', 'not a real birth date'],
    ['29 February of a non-leap year', '8171022902890001', 'not a real birth date'],
    ['day 00', '8171020012900001', 'not a real birth date'],
    ['serial 0000', '8171021208900000', 'serial'],
  ])('refuses %s', (_case, nik, reason) => {
    const check = parseNik(nik, TODAY);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });

  it('reads a man: district of registration, birth date and sex', () => {
    expect(parseNik('8171021208900001', TODAY)).toEqual({
      ok: true,
      value: {
        nik: '8171021208900001',
        districtCode: '81.71.02',
        birthDate: '1990-08-12',
        sex: 'MALE',
        serial: '0001',
      },
    });
  });

  it('reads a woman from the 40 added to her birth day', () => {
    const check = parseNik('8171035208900002', TODAY);
    expect(check).toMatchObject({ ok: true, value: { birthDate: '1990-08-12', sex: 'FEMALE' } });
  });

  it('reads a leap day and a birth in this century', () => {
    expect(parseNik('8171012902040003', TODAY)).toMatchObject({ ok: true, value: { birthDate: '2004-02-29' } });
  });

  it('refuses a birth date in the future', () => {
    const check = parseNik('8171012511260001', new Date('2026-11-24T00:00:00Z'));
    expect(check.ok).toBe(false);
  });

  it('composes the NIK it parses, for both sexes', () => {
    for (const sex of ['MALE', 'FEMALE'] as const) {
      const nik = composeNik('81.71.04', '1975-01-09', sex, 17);
      expect(parseNik(nik, TODAY)).toMatchObject({
        ok: true,
        value: { districtCode: '81.71.04', birthDate: '1975-01-09', sex, serial: '0017' },
      });
    }
  });

  it('masks the birth date and keeps the region and serial', () => {
    expect(maskNik('8171021208900003')).toBe('8171********0003');
  });
});
