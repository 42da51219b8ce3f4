import { describe, expect, it } from 'vitest';
import { decodeRequestPath, pathOf } from './url-path';

describe('decodeRequestPath', () => {
  it('decodes valid percent-encoding', () => {
    expect(decodeRequestPath('/a%20b/%C3%A9')).toBe('/a b/é');
    expect(decodeRequestPath('/%2e%2e/x')).toBe('/../x');
  });
  it('refuses what decodeURIComponent throws on, and NUL', () => {
    for (const bad of ['/%', '/%zz', '/a%2', '/%c0%ae%c0%ae/', '/%ff', '/%ed%a0%80', '/x%00.html'])
      expect(decodeRequestPath(bad), bad).toBeNull();
  });
  it('takes the path of a request target without URL parsing', () => {
    expect(pathOf('//%?x=1')).toBe('//%');
    expect(pathOf(undefined)).toBe('/');
  });
});
