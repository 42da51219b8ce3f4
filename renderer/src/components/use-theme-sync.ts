// Keeps <html data-theme> in step with the Settings theme and, for "system", with the OS.
import { useEffect, useState } from 'react';
import { applyTheme, resolveTheme, systemPrefersDark, watchSystemTheme } from '../lib/theme';
import { useAppStore } from '../store';

export function useThemeSync(): void {
  const preference = useAppStore((s) => s.settings.data?.theme ?? 'system');
  const [prefersDark, setPrefersDark] = useState(systemPrefersDark);

  useEffect(() => watchSystemTheme(setPrefersDark), []);
  useEffect(() => applyTheme(resolveTheme(preference, prefersDark)), [preference, prefersDark]);
}
