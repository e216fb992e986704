// Languages: both catalogs complete with the same placeholders, the switch in Settings, the OS default.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { de } from '../src/lib/i18n/de';
import { en } from '../src/lib/i18n/en';
import { i18n, initLocale, localeFor, setLocale, t } from '../src/lib/i18n/index.svelte';
import Settings from '../src/components/Settings.svelte';
import { IpcError } from '../src/ipc';
import { errorText, unreachableAtStart } from '../src/lib/errors';
import type { ErrorCode, Unreached } from '../src/ipc/bindings';

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

  it('words every error code in both languages (a code added in Rust fails to compile here until listed)', () => {
    // invalid_input is worded field by field.
    const codes: Record<ErrorCode, boolean> = {
      invalid_input: false, not_found: true, conflict: true, busy: true, not_permitted: true,
      register_unreachable: true, sign_in_refused: true, register_read_only: true, database: true, migration: true, io: true,
      corrupt_data: true, register_damaged: true, history_tampered: true, cancelled: true,
      file_not_found: true, file_empty: true, file_too_large: true, encrypted_workbook: true,
      format_mismatch: true, unsupported_format: true, unreadable_file: true, zip_bomb: true,
      too_many_rows: true, too_many_cells: true, cell_too_large: true, no_question_table: true,
      no_such_sheet: true,
    };
    for (const [code] of Object.entries(codes).filter(([, worded]) => worded)) {
      const keys = Object.keys(en).filter((k) => k === `err.${code}` || k.startsWith(`err.${code}.`));
      expect(keys.length, code).toBeGreaterThan(0);
    }
    setLocale('de');
    const refused = new IpcError({
      code: 'sign_in_refused',
      message: 'the team register refused the sign-in (connection requires a valid client certificate)',
      details: { fields: [], values: { what: 'connection requires a valid client certificate' } },
    });
    expect(errorText(refused)).toBe(
      'Das Team-Register hat Ihre Anmeldung abgelehnt (connection requires a valid client certificate). ' +
        'Prüfen Sie die Anmeldung in der Adresse, ihr Passwort in ~/.pgpass oder ihr Client-Zertifikat.',
    );
    setLocale('en');
  });

  it("words why a team register cannot be reached in each language, the engine's words as a detail", () => {
    // Every cause the core can name (a cause added in Rust fails to compile here until listed).
    const reasons: Record<Unreached, true> = {
      no_answer: true, refused: true, unknown_host: true, tls: true, connection_lost: true,
      server_starting: true, statement_timeout: true, other: true,
    };
    for (const reason of Object.keys(reasons)) expect(Object.keys(en), reason).toContain(`unreachable.${reason}`);
    const refused = new IpcError({
      code: 'register_unreachable',
      message: 'the team register cannot be reached (error communicating with database: Connection refused (os error 111)); nothing was saved',
      details: { fields: [], values: { reason: 'refused', what: 'error communicating with database: Connection refused (os error 111)' } },
    });
    setLocale('de');
    expect(errorText(refused)).toBe(
      'Das Team-Register ist nicht erreichbar: Unter seiner Adresse nimmt nichts Verbindungen an (der Server ist vielleicht ' +
        'gestoppt oder der Port falsch). Nichts wurde gespeichert; versuchen Sie es erneut, sobald es erreichbar ist. ' +
        'Technische Angabe: error communicating with database: Connection refused (os error 111)',
    );
    expect(unreachableAtStart(refused, 'db.example:5432/vetted')).toBe(
      'Das Team-Register db.example:5432/vetted war beim Start nicht erreichbar: Unter seiner Adresse nimmt nichts ' +
        'Verbindungen an (der Server ist vielleicht gestoppt oder der Port falsch). Stattdessen ist das Register dieses ' +
        'Computers geöffnet. Technische Angabe: error communicating with database: Connection refused (os error 111)',
    );
    // A cause this UI does not know yet is still a sentence in the user's language.
    const newer = new IpcError({ code: 'register_unreachable', message: 'x', details: { fields: [], values: { reason: 'from_the_future', what: 'x' } } });
    expect(errorText(newer)).toMatch(/^Das Team-Register ist nicht erreichbar: Die Verbindung meldet einen Fehler\./);
    // Any other failure at start is worded as itself.
    const signIn = new IpcError({ code: 'sign_in_refused', message: 'refused', details: { fields: [], values: { what: 'password authentication failed' } } });
    expect(unreachableAtStart(signIn, 'db')).toMatch(/^Das Team-Register db war beim Start nicht erreichbar: Das Team-Register hat Ihre Anmeldung abgelehnt/);
    setLocale('en');
    expect(errorText(refused)).toMatch(/^The team register cannot be reached: nothing accepts connections at its address/);
  });

  it('words an error from its code and details, not from its English message', () => {
    const gone = new IpcError({
      code: 'not_found',
      message: "there is no vendor with the id or name '999'",
      details: { fields: [], values: { thing: 'vendor', key: '999' } },
    });
    setLocale('de');
    expect(errorText(gone)).toBe('Den Dienstleister 999 gibt es im Register nicht (mehr?).');
    setLocale('en');
    expect(errorText(gone)).toBe('There is no vendor 999 in the register (any more?).');
    // A conflict is worded from its reason and values, a date in the language's own form.
    const twice = new IpcError({
      code: 'conflict',
      message: 'caiq.xlsx was already imported for Acme as version 2 on 2026-11-03; nothing was saved',
      details: { fields: [], values: { reason: 'already_imported', file: 'caiq.xlsx', vendor: 'Acme', version: '2', date: '2026-11-03' } },
    });
    setLocale('de');
    expect(errorText(twice)).toBe('caiq.xlsx wurde für Acme bereits als Version 2 am 03.11.2026 importiert. Nichts wurde gespeichert.');
    // An edit begun before a colleague's change names the fields with the form's labels.
    const stale = new IpcError({
      code: 'conflict',
      message: 'anna changed purpose, owner of Twilio Inc. after this edit began',
      details: { fields: [], values: { reason: 'changed_meanwhile', name: 'Twilio Inc.', fields: 'purpose, owner', by: 'anna' } },
    });
    expect(errorText(stale)).toBe(
      'anna hat Zweck der Verarbeitung, Interne Verantwortung von Twilio Inc. geändert, nachdem Sie mit dieser Bearbeitung begonnen haben. Nichts wurde gespeichert: Öffnen Sie den Dienstleister erneut und nehmen Sie Ihre Änderung dort vor.',
    );
    // A team register's database in an encoding it cannot use: the encoding named, the fix said.
    const ascii = new IpcError({
      code: 'conflict',
      message: 'db:5432/vetted is encoded in SQL_ASCII, ...',
      details: { fields: [], values: { reason: 'database_encoding', register: 'db:5432/vetted', encoding: 'SQL_ASCII' } },
    });
    expect(errorText(ascii)).toBe(
      "db:5432/vetted ist in SQL_ASCII kodiert. Dort bietet PostgreSQL keine ICU-Sortierfolge, mit der ein Team-Register Namen vergleicht und sortiert. Bitten Sie die Person, die den Server betreut, die Datenbank mit ENCODING 'UTF8' anzulegen. Es wurde nichts geschrieben.",
    );
    // An error of the system keeps its own message inside a sentence of the UI's language.
    expect(errorText(new IpcError({ code: 'io', message: 'disk full' }))).toBe(
      'Eine Datei konnte nicht gelesen oder geschrieben werden: disk full',
    );
    setLocale('en');
    // A code the catalogs do not word keeps the message, inside a sentence of the UI's language.
    expect(errorText(new IpcError({ code: 'ipc', message: 'odd' }))).toBe('Something went wrong: odd');
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
