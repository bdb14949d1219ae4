import type { SourceCode } from './sources';

/**
 * The choices a council may make where the sources disagree (the reference marks them DISPUTED).
 * Everything else in the rules is fixed by law or national guidance and is not configurable.
 */
export interface CouncilRuleSettings {
  /**
   * Treat terminal-illness special-rules evidence (an SR1 form) as automatic eligibility.
   * Default false: TERMILL is further assessment on a fast track, as the national service lists it
   * [BBDS-CIT, BBDS-REF] and guidance suggests [O10]; some councils treat SR1 as automatic [O17].
   * Either way the result is fast-tracked.
   */
  terminalIllnessAutomatic: boolean;
  /**
   * How the child criteria's age limit is read.
   * - 'under-3' (default, GOV.UK's wording [S4]): the child routes apply until the day before the 3rd
   *   birthday, and every other person route from the 3rd birthday.
   * - 'not-more-than-3' (the regulations' wording [S1, S8]): the child routes apply up to and including
   *   the 3rd birthday, and the other person routes to anyone "more than 2", from the day after the 2nd
   *   birthday; so between those days both kinds of route can apply.
   */
  childAgeReading: 'under-3' | 'not-more-than-3';
}

export const DEFAULT_RULE_SETTINGS: Readonly<CouncilRuleSettings> = Object.freeze({
  terminalIllnessAutomatic: false,
  childAgeReading: 'under-3',
});

export interface RuleSettingDoc {
  key: keyof CouncilRuleSettings;
  values: readonly (string | boolean)[];
  summary: string;
  sources: readonly SourceCode[];
}

/** The settings as data, so docs/rules.md and the settings check are built from one description. */
export const RULE_SETTING_DOCS: readonly RuleSettingDoc[] = [
  {
    key: 'terminalIllnessAutomatic',
    values: [false, true],
    summary:
      'false: terminal illness (TERMILL) is further assessment on a fast track. true: terminal-illness special-rules evidence (an SR1 form) makes the applicant eligible without further assessment. Both are fast-tracked.',
    sources: ['BBDS-CIT', 'BBDS-REF', 'O10', 'O17'],
  },
  {
    key: 'childAgeReading',
    values: ['under-3', 'not-more-than-3'],
    summary:
      "under-3 (GOV.UK's wording): the child routes apply until the day before the 3rd birthday and the other person routes from the 3rd birthday. not-more-than-3 (the regulations' wording): the child routes apply up to and including the 3rd birthday and the other person routes from the day after the 2nd birthday.",
    sources: ['S1', 'S8', 'S4'],
  },
];

/**
 * Defaults overlaid with a council's choices. Throws on an unknown key or a value outside the
 * documented ones: a mistyped setting must stop the service starting, not silently fall back.
 */
export function resolveRuleSettings(settings: Partial<CouncilRuleSettings> = {}): CouncilRuleSettings {
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    const doc = RULE_SETTING_DOCS.find((d) => d.key === key);
    if (!doc) throw new TypeError(`Unknown eligibility rule setting "${key}"`);
    if (!doc.values.includes(value)) {
      throw new TypeError(
        `Eligibility rule setting "${key}" must be one of ${doc.values.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    }
  }
  return {
    terminalIllnessAutomatic:
      settings.terminalIllnessAutomatic ?? DEFAULT_RULE_SETTINGS.terminalIllnessAutomatic,
    childAgeReading: settings.childAgeReading ?? DEFAULT_RULE_SETTINGS.childAgeReading,
  };
}
