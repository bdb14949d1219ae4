import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { LetterSettings } from './content';

/**
 * What the letters need from the settings: the council's name, address and contact details (`council`)
 * and the signatory and logo (`letters`). The logo is read once, at start-up, from the settings file's
 * folder (the settings check has already refused a logo that does not exist).
 */
export function letterSettings(config: Config): LetterSettings {
  const { council, letters } = config.council;
  const settings: LetterSettings = { councilName: config.councilName, council, letters };
  if (letters.logo && config.councilSettingsFile) {
    const file = path.join(path.dirname(config.councilSettingsFile), letters.logo);
    const extension = path.extname(file).toLowerCase();
    settings.logo = {
      data: readFileSync(file),
      type: extension === '.svg' ? 'svg' : extension === '.png' ? 'png' : 'jpeg',
    };
  }
  return settings;
}
