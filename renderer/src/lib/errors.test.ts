import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../api/client';
import { formErrors } from './errors';

describe('formErrors', () => {
  const known = ['gatewayPort', 'models'] as const;

  it('puts each API field error beside its field, first message winning', () => {
    const err = new ApiCallError({
      code: 'invalid_input',
      message: 'bad input',
      fields: [
        { path: 'gatewayPort', message: 'must be at most 65535' },
        { path: 'models.1', message: 'must not be empty' },
        { path: 'models.2', message: 'also bad' },
      ],
    });
    expect(formErrors(err, known)).toEqual({
      fields: { gatewayPort: 'must be at most 65535', models: 'must not be empty' },
      message: null,
    });
  });

  it('collects problems with fields the form does not show into the general message', () => {
    const err = new ApiCallError({
      code: 'invalid_input',
      message: 'bad input',
      fields: [
        { path: 'colour', message: 'unknown key' },
        { path: '', message: 'object expected' },
      ],
    });
    expect(formErrors(err, known)).toEqual({ fields: {}, message: 'colour: unknown key; object expected' });
  });

  it('uses the error message for anything that is not an input error', () => {
    const err = new ApiCallError({ code: 'unavailable', message: 'The server did not answer.' });
    expect(formErrors(err, known)).toEqual({ fields: {}, message: 'The server did not answer.' });
    expect(formErrors(new Error('boom'), known).message).toBe('boom');
  });
});
