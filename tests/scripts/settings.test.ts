/**
 * One list of settings for both platforms: wrangler.toml's [vars] on Cloudflare and the
 * environment on the Node host give the same names the same defaults (worker/settings.ts),
 * the secret stays out of wrangler.toml, and the README documents every setting.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { serverOptions } from '../../server/options';
import { configFrom, missingSecrets, SETTINGS } from '../../worker/settings';

const wranglerToml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** wrangler.toml's [vars], NAME = "value" lines up to the next table; commented lines are not settings. */
function wranglerVars(): Record<string, string> {
  const section = wranglerToml.split(/^\[vars\]\s*$/m)[1]!.split(/^\[/m)[0]!;
  return Object.fromEntries([...section.matchAll(/^([A-Z][A-Z0-9_]*)\s*=\s*"([^"]*)"\s*$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('settings', () => {
  it("have wrangler.toml's [vars] as their defaults, name for name and value for value", () => {
    const vars = wranglerVars();
    expect(Object.keys(vars).length).toBeGreaterThan(5);
    const defaults = Object.fromEntries(SETTINGS.filter((s) => s.default !== undefined).map((s) => [s.name, s.default]));
    expect(defaults).toEqual(vars);
  });

  it('keep the secret out of wrangler.toml', () => {
    for (const s of SETTINGS.filter((x) => x.secret)) expect(wranglerToml).not.toMatch(new RegExp(`^${s.name}\\s*=`, 'm'));
  });

  it('take a value from the environment over the default, and ignore names that are not settings', () => {
    const config = configFrom({ SUBMISSIONS_PER_HOUR: '7', REPLY_DAYS: '  ', APP_SECRET: 's', PATH: '/bin' });
    expect(config.SUBMISSIONS_PER_HOUR).toBe('7');
    expect(config.REPLY_DAYS).toBe('60');
    expect(config.APP_SECRET).toBe('s');
    expect(config).not.toHaveProperty('PATH');
  });

  it('name the secret that is missing', () => {
    expect(missingSecrets(configFrom({}))).toEqual(['APP_SECRET']);
    expect(missingSecrets(configFrom({ APP_SECRET: ' ' }))).toEqual(['APP_SECRET']);
    expect(missingSecrets(configFrom({ APP_SECRET: 'x' }))).toEqual([]);
  });

  it('are each documented in the README, with the Node host\'s own', () => {
    const names = [...SETTINGS.map((s) => s.name), 'PORT', 'HOST', 'DATA_DIR', 'DATABASE_FILE', 'PHOTO_DIR', 'WEB_DIR', 'CLIENT_ADDRESS_HEADER'];
    expect(names.filter((n) => !readme.includes(`\`${n}\``))).toEqual([]);
  });

  it('keep the Node host\'s photos in $DATA_DIR/photos unless PHOTO_DIR names another folder', () => {
    expect(serverOptions({ DATA_DIR: '/srv/rw' }).photoDir).toBe(join(resolve('/srv/rw'), 'photos'));
    expect(serverOptions({ DATA_DIR: '/srv/rw', PHOTO_DIR: ' /mnt/photos ' }).photoDir).toBe(resolve('/mnt/photos'));
  });
});
