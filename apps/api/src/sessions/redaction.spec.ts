import fc from 'fast-check';
import { REDACTED, Redactor } from './redaction';

describe('Redactor', () => {
  const sut = new Redactor(['ssn', '*_iban']);

  it('blanks built-in secret names at any depth and in any spelling', () => {
    const redacted = sut.redact({
      name: 'Ada',
      password: 'hunter2',
      nested: { accessToken: 'abc', DB_PASSWORD: 'x', list: [{ 'api-key': 'k', colour: 'red' }] },
      Authorization: 'Bearer t',
    });

    expect(redacted).toEqual({
      name: 'Ada',
      password: REDACTED,
      nested: { accessToken: REDACTED, DB_PASSWORD: REDACTED, list: [{ 'api-key': REDACTED, colour: 'red' }] },
      Authorization: REDACTED,
    });
  });

  it("blanks the integration's own names and globs", () => {
    expect(sut.redact({ ssn: '123', customer_iban: 'DE00', bank: 'kept', ssnote: 'kept' })).toEqual({
      ssn: REDACTED,
      customer_iban: REDACTED,
      bank: 'kept',
      ssnote: 'kept',
    });
  });

  it('never leaves a secret value anywhere in the output', () => {
    const secret = 'S3CRET-VALUE';
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'token', 'userPassword', 'x_iban'), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const withSecret = { value, token: secret, deep: { client_secret: secret, value } };
        expect(JSON.stringify(sut.redact(withSecret))).not.toContain(secret);
      }),
    );
  });

  it('leaves input without secrets unchanged', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const value: unknown = JSON.parse(text);
        const hasSecretKey =
          /"[^"]*(password|passwd|secret|token|api.?key|authorization|cookie|private.?key|credential|ssn|iban)[^"]*"\s*:/i.test(
            text,
          );
        fc.pre(!hasSecretKey);
        expect(sut.redact(value)).toEqual(value);
      }),
    );
  });
});
