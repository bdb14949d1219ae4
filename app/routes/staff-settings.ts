import express from 'express';
import type { Config } from '../config';
import { settingsSections } from '../council-settings-doc';
import { requirePermission } from '../middleware/auth';

/** A setting's value in words for the page: units from the key's name, money in pounds. */
export function describeValue(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value === '' || value === undefined) return 'Not set';
  if (key.endsWith('Pence') && typeof value === 'number')
    return value === 0 ? 'No fee' : `£${(value / 100).toFixed(2)}`;
  if (typeof value === 'number') {
    const unit = /Weeks$/.test(key) ? 'week' : /Days$/.test(key) ? 'day' : '';
    return unit ? `${value} ${unit}${value === 1 ? '' : 's'}` : String(value);
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return 'None';
    return entries.map(([name, inner]) => `${name}: ${describeValue(key, inner)}`).join(', ');
  }
  return String(value);
}

/**
 * The council settings in force, for administrators (`settings:view`): read-only, since they are
 * changed in the settings file. Secrets are never shown, only whether each is set.
 */
export function staffSettingsRoutes(options: { config: Config }): express.Router {
  const { config } = options;
  const router = express.Router();

  router.get('/settings', requirePermission('settings:view'), (_req, res) => {
    const values = config.council as unknown as Record<string, Record<string, unknown>>;
    const sections = settingsSections().map((section) => ({
      ...section,
      settings: section.settings.map((setting) => {
        const name = setting.key.slice(section.key.length + 1);
        return { ...setting, value: describeValue(name, values[section.key]?.[name]) };
      }),
    }));
    res.render('staff/settings.njk', {
      sections,
      settingsFile: config.councilSettingsFile,
      sso: config.sso && {
        issuer: config.sso.issuer,
        roleGroups: config.sso.roleGroups.map(({ role, group }) => `${role}: ${group}`).join(', '),
        passwordSignIn: config.sso.allowPasswordSignIn,
        linkByEmail: Boolean(config.sso.linkByEmail),
      },
      secrets: Object.entries(config.secretsSet).map(([name, set]) => ({ name, set })),
    });
  });

  return router;
}
