// Languages: both catalogs complete with the same placeholders, the switch in Settings, the OS default.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { de } from '../src/lib/i18n/de';
import { en } from '../src/lib/i18n/en';
import { i18n, initLocale, localeFor, setLocale, t } from '../src/lib/i18n/index.svelte';
import Settings from '../src/components/Settings.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('German has every English key, no more, with the same placeholders', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
      expect(de[key].trim(), key).not.toBe('');
    }
  });

  it('fills placeholders', () => {
    setLocale('en');
    expect(t('register.count', { total: 3 })).toBe('3 vendors');
  });
});

describe('language switch', () => {
  beforeEach(() => localStorage.clear());

  it('defaults to the OS language and remembers a choice', () => {
    expect(localeFor('de_DE.UTF-8')).toBe('de');
    expect(localeFor('en-US')).toBe('en');
    expect(localeFor('fr')).toBe('en');
    initLocale('de');
    expect(i18n.locale).toBe('de');
    setLocale('en');
    initLocale('de');
    expect(i18n.locale).toBe('en');
  });

  it('switches the whole UI from Settings', async () => {
    setLocale('en');
    render(Settings);
    expect(screen.getByText('Language')).toBeTruthy();
    await fireEvent.change(screen.getByTestId('language-select'), { target: { value: 'de' } });
    expect(screen.getByText('Sprache')).toBeTruthy();
    expect(screen.getByText('Wo Ihre Daten liegen')).toBeTruthy();
    expect(localStorage.getItem('vetted.locale')).toBe('de');
  });
});
