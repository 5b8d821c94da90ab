import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNachaFile } from './nacha-check';
import { buildNachaFile, NachaError, type NachaEntry, type NachaFileConfig } from './nacha';

const blank = (n: number) => ' '.repeat(n);
const records = (text: string, eol = '\n') => text.slice(0, -eol.length).split(eol);

function withCheckDigit(eight: string): string {
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = [...eight].reduce((s, d, i) => s + Number(d) * (w[i] ?? 0), 0);
  return eight + String((10 - (sum % 10)) % 10);
}

function thrown(f: () => unknown): NachaError {
  try {
    f();
  } catch (e) {
    if (e instanceof NachaError) return e;
    throw e;
  }
  throw new Error('expected a NachaError');
}

const config: NachaFileConfig = {
  immediateDestination: '081000032',
  immediateDestinationName: 'Fed Reserve',
  immediateOrigin: '1234567890',
  immediateOriginName: 'Acme Lending',
  companyName: 'Acme Lending',
  companyId: '1234567890',
  odfiRouting: '081000032',
  companyEntryDescription: 'LOAN PMT',
};
const created = { date: '2026-04-01', time: '0915' };
const debit: NachaEntry = {
  secCode: 'WEB',
  accountType: 'checking',
  direction: 'debit',
  routing: '231380104',
  accountNumber: '987654321',
  amount: 12_345,
  individualId: 'PAY-000123',
  individualName: 'Jane Doe',
  effectiveDate: '2026-04-02',
};

describe('buildNachaFile: golden equivalents of the moov-io/ach samples', () => {
  // Same inputs as moov-io/ach test/testdata/ppd-debit.ach (Apache-2.0); the expected records are
  // written out field by field from the layout, with names upper-cased as this writer does.
  it('reproduces ppd-debit: one PPD debit to RDFI 23138010, entry hash 0023138010', () => {
    const { text, summary } = buildNachaFile(
      {
        immediateDestination: '231380104',
        immediateDestinationName: 'Federal Reserve Bank',
        immediateOrigin: '0121042882',
        immediateOriginName: 'My Bank Name',
        companyName: 'Name on Account',
        companyId: '121042882',
        odfiRouting: '121042882',
        companyEntryDescription: 'REG.SALARY',
      },
      [
        {
          secCode: 'PPD',
          accountType: 'checking',
          direction: 'debit',
          routing: '231380104',
          accountNumber: '12345678',
          amount: 100_000_000,
          individualId: '',
          individualName: 'Receiver Account Name',
          effectiveDate: '2019-06-25',
        },
      ],
      { date: '2019-06-24', time: '0000' },
    );
    const expected = [
      ['1', '01', ' 231380104', '0121042882', '190624', '0000', 'A', '094', '10', '1', 'FEDERAL RESERVE BANK   ', 'MY BANK NAME           ', blank(8)],
      ['5', '225', 'NAME ON ACCOUNT ', blank(20), '121042882 ', 'PPD', 'REG.SALARY', blank(6), '190625', blank(3), '1', '12104288', '0000001'],
      ['6', '27', '23138010', '4', '12345678         ', '0100000000', blank(15), 'RECEIVER ACCOUNT NAME ', '  ', '0', '121042880000001'],
      ['8', '225', '000001', '0023138010', '000100000000', '000000000000', '121042882 ', blank(19), blank(6), '12104288', '0000001'],
      ['9', '000001', '000001', '00000001', '0023138010', '000100000000', '000000000000', blank(39)],
      ...Array.from({ length: 5 }, () => ['9'.repeat(94)]),
    ].map((fields) => fields.join(''));
    expect(records(text)).toEqual(expected);
    expect(text.endsWith('\n')).toBe(true);
    expect(summary).toEqual({
      batches: 1,
      entries: 1,
      totalDebits: 100_000_000,
      totalCredits: 0,
      entryHash: '0023138010',
      blockCount: 1,
      traceNumbers: ['121042880000001'],
    });
    expect(checkNachaFile(text)).toEqual({ ok: true, batches: 1, entries: 1, totalDebits: 100_000_000, totalCredits: 0 });
  });

  it('reproduces the web-debit control records: 3 batches, hash 0050600106, debits 15000, credits 26820', () => {
    const web = (date: string, amount: number, account: string, id: string, name: string): NachaEntry => ({
      secCode: 'WEB',
      accountType: 'checking',
      direction: 'credit',
      routing: '081000210',
      accountNumber: account,
      amount,
      individualId: id,
      individualName: name,
      effectiveDate: date,
    });
    const entries: NachaEntry[] = [
      web('2015-03-05', 3521, '12345678901234567', 'RAj##23920rjf31', 'John Doe'),
      web('2015-03-05', 2300, '5654221', 'RAj##32b1kn1bb3', 'Bob Dole'),
      // The PPD entry comes between the WEB ones here: batches keep first-appearance order per key.
      { ...web('2015-03-06', 15000, '9923698412584', 'RAj##765432hj', 'Jane Doe'), secCode: 'PPD', direction: 'debit', routing: '101000019' },
      web('2015-03-05', 2499, '5654221', 'RAj##765kn4', 'Adam Something'),
      web('2015-03-05', 1000, '5654221', 'RAj##3j43kj4', 'James Bond'),
      web('2015-03-16', 17500, '5654221', 'RAj##8k765j4k32', 'Luke Skywalker'),
    ];
    const { text, summary } = buildNachaFile(
      {
        immediateDestination: '031300012',
        immediateDestinationName: 'Some Bank',
        immediateOrigin: ' 231380104',
        immediateOriginName: 'Your Company Inc',
        companyName: 'Your Company Inc',
        companyId: '0231380104',
        odfiRouting: '081000032',
        companyEntryDescription: 'TrnsNickna',
        referenceCode: 'A0000001',
      },
      entries,
      { date: '2015-03-04', time: '2207' },
    );
    const lines = records(text);
    expect(lines[0]).toBe('101 031300012 2313801041503042207A094101SOME BANK              YOUR COMPANY INC       A0000001');
    const controls = lines.filter((l) => l.startsWith('8') || (l.startsWith('9') && l !== '9'.repeat(94)));
    expect(controls).toEqual([
      ['8', '220', '000004', '0032400084', '000000000000', '000000009320', '0231380104', blank(25), '08100003', '0000001'],
      ['8', '225', '000001', '0010100001', '000000015000', '000000000000', '0231380104', blank(25), '08100003', '0000002'],
      ['8', '220', '000001', '0008100021', '000000000000', '000000017500', '0231380104', blank(25), '08100003', '0000003'],
      ['9', '000003', '000002', '00000006', '0050600106', '000000015000', '000000026820', blank(39)],
    ].map((f) => f.join('')));
    expect(lines).toHaveLength(20);
    expect(lines.filter((l) => l.startsWith('5')).map((l) => l.slice(50, 53) + l.slice(69, 75))).toEqual(['WEB150305', 'PPD150306', 'WEB150316']);
    // Traces run across the file in record order; traceNumbers follows the input order.
    expect(summary.traceNumbers).toEqual(['081000030000001', '081000030000002', '081000030000005', '081000030000003', '081000030000004', '081000030000006']);
    expect(lines[2]).toBe(['6', '22', '081000210', '12345678901234567', '0000003521', 'RAJ##23920RJF31', 'JOHN DOE              ', 'S ', '0', '081000030000001'].join(''));
    expect(checkNachaFile(text)).toEqual({ ok: true, batches: 3, entries: 6, totalDebits: 15000, totalCredits: 26820 });
  });
});

describe('buildNachaFile: records', () => {
  it('uses transaction codes 27/37/22/32 and prenote codes 28/38/23/33 with amount 0', () => {
    const cases: [Partial<NachaEntry>, string][] = [
      [{ accountType: 'checking', direction: 'debit' }, '27'],
      [{ accountType: 'savings', direction: 'debit' }, '37'],
      [{ accountType: 'checking', direction: 'credit' }, '22'],
      [{ accountType: 'savings', direction: 'credit' }, '32'],
      [{ accountType: 'checking', direction: 'debit', prenote: true, amount: 0 }, '28'],
      [{ accountType: 'savings', direction: 'debit', prenote: true, amount: 0 }, '38'],
      [{ accountType: 'checking', direction: 'credit', prenote: true, amount: 0 }, '23'],
      [{ accountType: 'savings', direction: 'credit', prenote: true, amount: 0 }, '33'],
    ];
    for (const [patch, code] of cases) {
      const { text, summary } = buildNachaFile(config, [{ ...debit, ...patch }], created);
      const entry = records(text)[2] ?? '';
      expect(entry.slice(1, 3), code).toBe(code);
      expect(entry.slice(29, 39)).toBe(patch.prenote ? '0000000000' : '0000012345');
      if (patch.prenote) expect(summary.totalDebits + summary.totalCredits).toBe(0);
      expect(checkNachaFile(text).ok).toBe(true);
    }
  });

  it('puts the WEB and TEL payment type in positions 77–78 and leaves them blank for PPD', () => {
    const at = (e: NachaEntry) => (records(buildNachaFile(config, [e], created).text)[2] ?? '').slice(76, 78);
    expect(at(debit)).toBe('S ');
    expect(at({ ...debit, paymentType: 'R' })).toBe('R ');
    expect(at({ ...debit, paymentType: 'S' })).toBe('S ');
    expect(at({ ...debit, secCode: 'TEL' })).toBe('S ');
    expect(at({ ...debit, secCode: 'TEL', paymentType: 'R' })).toBe('R ');
    expect(at({ ...debit, secCode: 'PPD' })).toBe('  ');
    expect(thrown(() => buildNachaFile(config, [{ ...debit, secCode: 'PPD', paymentType: 'R' }], created)).message).toBe('entries[0].paymentType: applies to WEB and TEL entries only');
  });

  it('writes one batch per SEC code, each headed by its code, and refuses a TEL credit', () => {
    const { text, summary } = buildNachaFile(config, [debit, { ...debit, secCode: 'TEL', amount: 500 }, { ...debit, secCode: 'PPD', amount: 700 }, { ...debit, amount: 900 }], created);
    const lines = records(text);
    expect(lines.filter((l) => l.startsWith('5')).map((h) => [h.slice(50, 53), h.slice(87, 94)])).toEqual([['WEB', '0000001'], ['TEL', '0000002'], ['PPD', '0000003']]);
    // The two WEB debits share their batch: 12,345 + 900.
    expect(lines.filter((l) => l.startsWith('8')).map((c) => Number(c.slice(20, 32)))).toEqual([13_245, 500, 700]);
    expect(summary.batches).toBe(3);
    expect(checkNachaFile(text)).toEqual({ ok: true, batches: 3, entries: 4, totalDebits: 14_445, totalCredits: 0 });
    expect(thrown(() => buildNachaFile(config, [{ ...debit, secCode: 'TEL', direction: 'credit' }], created)).message).toBe('entries[0].direction: TEL entries are debits only');
  });

  it('batches by SEC code and effective date: 225 all debits, 220 all credits, 200 mixed, numbered from 1', () => {
    const { text } = buildNachaFile(
      config,
      [
        debit,
        { ...debit, direction: 'credit' },
        { ...debit, effectiveDate: '2026-04-03' },
        { ...debit, secCode: 'PPD', direction: 'credit' },
        { ...debit, effectiveDate: '2026-04-03', accountType: 'savings' },
      ],
      created,
    );
    const headers = records(text).filter((l) => l.startsWith('5'));
    expect(headers.map((h) => [h.slice(1, 4), h.slice(50, 53), h.slice(69, 75), h.slice(87, 94)])).toEqual([
      ['200', 'WEB', '260402', '0000001'],
      ['225', 'WEB', '260403', '0000002'],
      ['220', 'PPD', '260402', '0000003'],
    ]);
    expect(checkNachaFile(text)).toMatchObject({ ok: true, batches: 3, entries: 5, totalDebits: 3 * 12_345, totalCredits: 2 * 12_345 });
  });

  it('transliterates to upper-case ASCII and never lets text break a record', () => {
    const { text } = buildNachaFile(
      { ...config, companyName: 'Crédit Ünïon', immediateOriginName: 'Straße Finanz' },
      [
        { ...debit, individualName: 'José Müller-Núñez' },
        { ...debit, individualName: 'Zoë\tÆrø\nLine' },
        { ...debit, individualName: 'A very long borrower name that overflows' },
      ],
      created,
    );
    const lines = records(text);
    expect(lines[0]?.slice(63, 86)).toBe('STRASSE FINANZ         ');
    expect(lines[1]?.slice(4, 20)).toBe('CREDIT UNION    ');
    expect(lines.filter((l) => l.startsWith('6')).map((l) => l.slice(54, 76))).toEqual(['JOSE MULLER-NUNEZ     ', 'ZOE R LINE            ', 'A VERY LONG BORROWER N']);
    expect(text).toMatch(/^[\x20-\x7E\n]*$/);
    expect(text).not.toMatch(/[a-z?]/);
    expect(checkNachaFile(text).ok).toBe(true);
    expect(thrown(() => buildNachaFile(config, [{ ...debit, individualName: '王小明' }], created)).message).toMatch(/^entries\[0\]\.individualName: required/);
  });

  it('writes CRLF when the bank asks for it, after every record', () => {
    const { text } = buildNachaFile({ ...config, lineEnding: '\r\n' }, [debit], created, 'b');
    const lines = records(text, '\r\n');
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.length === 94)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(lines[0]?.[33]).toBe('B');
    expect(checkNachaFile(text).ok).toBe(true);
  });
});

describe('buildNachaFile: refusals', () => {
  it('refuses a bad routing number before building, naming the entry and field but not the account number', () => {
    const e = thrown(() =>
      buildNachaFile(config, [debit, { ...debit, routing: '123456789', accountNumber: '55501234567' }, debit, { ...debit, routing: '23138010' }], created),
    );
    expect(e.problems).toEqual([
      'entries[1].routing: routing number fails the ABA check digit',
      'entries[3].routing: must be a 9-digit routing number',
    ]);
    expect(e.message).not.toContain('55501234567');
    expect(e.message).not.toContain('987654321');
    expect(e.message).not.toContain('123456789');
  });

  it('refuses bad routing numbers in the config', () => {
    expect(thrown(() => buildNachaFile({ ...config, odfiRouting: '081000033' }, [debit], created)).problems).toEqual(['config.odfiRouting: routing number fails the ABA check digit']);
    expect(thrown(() => buildNachaFile({ ...config, immediateDestination: '000000000' }, [debit], created)).problems).toEqual([
      'config.immediateDestination: routing number has an unassigned prefix',
    ]);
    expect(thrown(() => buildNachaFile({ ...config, immediateOrigin: ' 123456789' }, [debit], created)).problems).toEqual(['config.immediateOrigin: routing number fails the ABA check digit']);
    expect(thrown(() => buildNachaFile({ ...config, immediateOrigin: '123456789' }, [debit], created)).problems[0]).toMatch(/^config\.immediateOrigin: must be 10 characters/);
  });

  it('refuses amounts that are zero, negative, fractional or too wide, and accepts the largest that fits', () => {
    for (const amount of [0, -1, 1.5, 10_000_000_000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(thrown(() => buildNachaFile(config, [{ ...debit, amount }], created)).message, String(amount)).toBe(
        'entries[0].amount: must be whole cents from 1 to 9999999999',
      );
    }
    const { text } = buildNachaFile(config, [{ ...debit, amount: 9_999_999_999 }], created);
    expect(records(text)[2]?.slice(29, 39)).toBe('9999999999');
    expect(thrown(() => buildNachaFile(config, [{ ...debit, prenote: true }], created)).message).toBe('entries[0].amount: a prenote moves no money: must be 0');
  });

  it('refuses totals wider than 12 digits', () => {
    const many = Array.from({ length: 101 }, () => ({ ...debit, amount: 9_999_999_999 }));
    expect(thrown(() => buildNachaFile(config, many, created)).problems).toEqual(['entries: total debits exceed the 12-digit total field']);
  });

  it('refuses other malformed fields, collecting every problem', () => {
    const e = thrown(() =>
      buildNachaFile(
        { ...config, companyId: 'TOO-LONG-COMPANY-ID', companyEntryDescription: 'LOAN PAYMENT', referenceCode: '123456789' },
        [{ ...debit, accountNumber: '12', individualId: 'PAYMENT-REFERENCE-1', effectiveDate: '2026-02-30', paymentType: 'X' as 'R' }],
        { date: '2026-13-01', time: '2460' },
        '?',
      ),
    );
    expect(e.problems).toEqual([
      'config.companyId: must be 1–10 letters or digits',
      'config.companyEntryDescription: must be 1–10 characters',
      'config.referenceCode: must be at most 8 characters',
      'fileIdModifier: must be one letter A–Z or digit',
      'createdAt.date: must be an ISO date',
      'createdAt.time: must be HHMM',
      'entries[0].accountNumber: must be 4–17 digits',
      'entries[0].individualId: must be at most 15 ASCII characters',
      'entries[0].effectiveDate: must be an ISO date',
      "entries[0].paymentType: must be 'R' or 'S'",
    ]);
    expect(thrown(() => buildNachaFile(config, [], created)).message).toBe('entries: a file needs at least one entry');
  });

  it('keeps the rightmost 10 digits of an entry hash over 10 digits', () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ ...debit, routing: '729999997', amount: i + 1 }));
    const { text, summary } = buildNachaFile(config, entries, created);
    // 150 × 72999999 = 10949999850
    expect(summary.entryHash).toBe('0949999850');
    const lines = records(text);
    expect(lines.find((l) => l.startsWith('8'))?.slice(10, 20)).toBe('0949999850');
    expect(lines.find((l) => l.startsWith('9') && l !== '9'.repeat(94))?.slice(21, 31)).toBe('0949999850');
    expect(checkNachaFile(text)).toMatchObject({ ok: true, entries: 150, totalDebits: (150 * 151) / 2 });
  });
});

describe('buildNachaFile: properties', () => {
  // Routing numbers with an assigned prefix (01–12, 21–32, 61–72) and a correct check digit.
  const prefixes = [1, 21, 61].flatMap((start) => Array.from({ length: 12 }, (_, k) => String(start + k).padStart(2, '0')));
  const routing = fc.tuple(fc.constantFrom(...prefixes), fc.stringMatching(/^\d{6}$/)).map(([p, rest]) => withCheckDigit(p + rest));
  const entry: fc.Arbitrary<NachaEntry> = fc
    .record({
      secCode: fc.constantFrom('PPD' as const, 'WEB' as const, 'TEL' as const),
      accountType: fc.constantFrom('checking' as const, 'savings' as const),
      direction: fc.constantFrom('debit' as const, 'credit' as const),
      routing,
      accountNumber: fc.stringMatching(/^\d{4,17}$/),
      amount: fc.integer({ min: 1, max: 9_999_999_999 }),
      individualId: fc.string({ maxLength: 15, unit: fc.constantFrom(...'ABCxyz0123-#/ '.split('')) }),
      individualName: fc.string({ maxLength: 30 }).map((s) => `N${s}`),
      effectiveDate: fc.constantFrom('2026-04-02', '2026-04-03', '2026-04-06'),
      prenote: fc.boolean(),
      recurring: fc.boolean(),
    })
    .map(({ prenote, recurring, ...e }) => ({
      ...e,
      // Telephone authorisations are for debits only.
      ...(e.secCode === 'TEL' ? { direction: 'debit' as const } : {}),
      ...(prenote ? { prenote, amount: 0 } : {}),
      ...(e.secCode !== 'PPD' ? { paymentType: recurring ? ('R' as const) : ('S' as const) } : {}),
    }));

  it('every record is 94 characters, blocks are full, the checker agrees and totals equal the sums', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 40 }), fc.constantFrom('\n' as const, '\r\n' as const), (entries, eol) => {
        const { text, summary } = buildNachaFile({ ...config, lineEnding: eol }, entries, created);
        const lines = records(text, eol);
        expect(text.endsWith(eol)).toBe(true);
        expect(lines.every((l) => l.length === 94)).toBe(true);
        expect(lines.length % 10).toBe(0);
        expect(summary.blockCount).toBe(lines.length / 10);
        const sum = (direction: string) => entries.filter((e) => e.direction === direction && !e.prenote).reduce((s, e) => s + e.amount, 0);
        const hash = entries.reduce((s, e) => s + Number(e.routing.slice(0, 8)), 0) % 10_000_000_000;
        expect(summary).toMatchObject({ entries: entries.length, totalDebits: sum('debit'), totalCredits: sum('credit'), entryHash: String(hash).padStart(10, '0') });
        expect(new Set(summary.traceNumbers).size).toBe(entries.length);
        expect(summary.traceNumbers.every((t) => t.startsWith('08100003'))).toBe(true);
        expect(checkNachaFile(text)).toEqual({ ok: true, batches: summary.batches, entries: entries.length, totalDebits: sum('debit'), totalCredits: sum('credit') });
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkNachaFile: tampering', () => {
  const { text } = buildNachaFile(config, [debit, { ...debit, direction: 'credit', amount: 500, routing: '081000210' }, { ...debit, effectiveDate: '2026-04-03' }], created);
  const lines = records(text);
  const edit = (index: number, from: number, replacement: string) =>
    lines.map((l, i) => (i === index ? l.slice(0, from - 1) + replacement + l.slice(from - 1 + replacement.length) : l)).join('\n') + '\n';
  const problems = (t: string) => {
    const r = checkNachaFile(t);
    if (r.ok) throw new Error('expected the checker to refuse the file');
    return r.problems;
  };

  it('accepts the untouched file', () => {
    expect(checkNachaFile(text)).toEqual({ ok: true, batches: 2, entries: 3, totalDebits: 2 * 12_345, totalCredits: 500 });
  });

  it('catches a changed amount', () => {
    expect(problems(edit(2, 30, '0000012346'))).toEqual(['line 5: total debits (21–32) should be 12346', 'line 9: total debits (32–43) should be 24691']);
  });

  it('catches a removed line', () => {
    const removed = lines.filter((_, i) => i !== 3).join('\n') + '\n';
    expect(problems(removed)).toEqual(expect.arrayContaining(['9 lines is not a multiple of 10 (blocking factor)', 'line 4: entry/addenda count (5–10) should be 1']));
  });

  it('catches a wrong file hash', () => {
    // 2 × 23138010 + 08100021
    expect(problems(edit(8, 22, '0000000001'))).toEqual(['line 9: entry hash (22–31) should be 0054376041']);
  });

  it('catches a 93-character line', () => {
    const short = lines.map((l, i) => (i === 2 ? l.slice(0, 93) : l)).join('\n') + '\n';
    expect(problems(short)).toEqual(['line 3: 93 characters, expected 94', 'line 3: trace number (80–94) must be 15 digits']);
  });

  it('catches a bad check digit, a debit in a credits-only batch and repeated trace numbers', () => {
    expect(problems(edit(2, 12, '5'))).toEqual(['line 3: RDFI routing number (4–12) fails the ABA check digit']);
    expect(problems(edit(5, 2, '220'))).toEqual(expect.arrayContaining(['line 7: debit transaction code in a credits-only (220) batch']));
    expect(problems(edit(3, 80, lines[2]?.slice(79) ?? ''))).toEqual(['line 4: trace numbers must ascend and be unique']);
  });

  it('catches an unknown SEC code and a credit in a TEL batch', () => {
    expect(problems(edit(1, 51, 'XYZ'))).toEqual(['line 2: standard entry class code (51–53) is not a Nacha SEC code']);
    // The debit made a credit (27 → 22), its batch made mixed (200) and every total moved to credits: only the TEL rule is broken.
    const tel = records(buildNachaFile(config, [{ ...debit, secCode: 'TEL' }], created).text);
    const put = (line: string, from: number, text: string) => line.slice(0, from - 1) + text + line.slice(from - 1 + text.length);
    const [fileHeader, batchHeader, entry, batchControl, fileControl, ...padding] = tel as [string, string, string, string, string, ...string[]];
    const credited = [fileHeader, put(batchHeader, 2, '220'), put(entry, 2, '22'), put(put(batchControl, 2, '220'), 21, '000000000000000000012345'), put(fileControl, 32, '000000000000000000012345'), ...padding].join('\n') + '\n';
    expect(problems(credited)).toEqual(['line 3: credit entry in a TEL batch (telephone authorisations are for debits only)']);
  });

  it('catches records out of order and junk after the file control', () => {
    const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n') + '\n';
    expect(problems(swapped)[0]).toMatch(/^line 2: expected a batch header/);
    expect(problems(edit(9, 1, '8'))).toEqual(['line 10: after the file control record only all-9 padding records may follow']);
    expect(problems('')).toEqual(['the file is empty']);
  });
});
