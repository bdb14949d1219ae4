import { applicationMachine } from '../../../workflows/application/machine';
import { exampleFile, PERSONAS } from '../../../workflows/application/personas';
import type { Answers } from '../../../workflows/forms/fields';
import { journeyPath, REMEMBERED_PATHS } from '../../../workflows/journey/path';
import type { Nation } from '../../../workflows/rules/types';

const england: { nation: Nation } = { nation: 'england' };

/** A persona's answers as the statechart's context holds them. */
function answersOf(persona = PERSONAS[0]): Record<string, Answers> {
  return Object.fromEntries(
    persona.steps.map((step) => [step.state, 'answers' in step ? { ...step.answers } : {}]),
  );
}

/** The persona's example files on its upload pages, as the context's lists hold them. */
function filesOf(persona = PERSONAS[0]): Record<string, Answers[]> {
  return Object.fromEntries(
    persona.steps.flatMap((step) =>
      'files' in step ? [[step.state, step.files.map((name, index) => exampleFile(name, index))]] : [],
    ),
  );
}

/**
 * journeyPath remembers the paths it replays (a replay is many transitions, and a request needs the same
 * path several times). What it remembers must never differ from a fresh replay.
 */
describe('the journey path, remembered', () => {
  afterEach(() => jest.useRealTimers());

  it('is the same path for equal answers, whatever object holds them', () => {
    const first = journeyPath(applicationMachine, answersOf(), england, filesOf());
    const again = journeyPath(
      applicationMachine,
      JSON.parse(JSON.stringify(answersOf())),
      england,
      JSON.parse(JSON.stringify(filesOf())),
    );
    expect(again).toBe(first);
    expect(first.next).toBe('checkAnswers');
    expect(Object.isFrozen(first.answered)).toBe(true);
  });

  it('follows changed answers and a changed input', () => {
    const answers = answersOf();
    const before = journeyPath(applicationMachine, answers, england);
    const organisation = { ...answers, whoIsApplying: { applicant: 'organisation' } };
    expect(journeyPath(applicationMachine, organisation, england).answered).toEqual(['whoIsApplying']);
    // A nation whose journey asks other questions takes another path with the same answers.
    const scotland = journeyPath(applicationMachine, answers, { nation: 'scotland' });
    expect(scotland).not.toBe(before);
  });

  it('is worked out again on another day, since guards compare dates with today', () => {
    // Someone who turns 16 on 5 December 2026 is asked for a National Insurance number from that day on.
    const answers = { ...answersOf(), dateOfBirth: { dateOfBirth: '2010-12-05' } };
    jest.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const dayBefore = journeyPath(applicationMachine, answers, england);
    jest.setSystemTime(new Date('2026-12-05T12:00:00Z'));
    const birthday = journeyPath(applicationMachine, answers, england);
    expect(dayBefore.answered.includes('niNumber') || dayBefore.next === 'niNumber').toBe(false);
    expect(birthday.answered.includes('niNumber') || birthday.next === 'niNumber').toBe(true);
  });

  it('forgets the least recently used paths beyond REMEMBERED_PATHS', () => {
    const kept = answersOf();
    const first = journeyPath(applicationMachine, kept, england);
    for (let i = 0; i <= REMEMBERED_PATHS; i++) {
      journeyPath(applicationMachine, { ...kept, fullName: { fullName: `Person ${i}` } }, england);
    }
    // Replayed again, so a new (equal) result.
    const later = journeyPath(applicationMachine, kept, england);
    expect(later).not.toBe(first);
    expect(later).toEqual(first);
  });

  it('finds the path of the same answers object again without working it out (one request asks many times)', () => {
    const answers = answersOf();
    const files = filesOf();
    const first = journeyPath(applicationMachine, answers, england, files);
    // Pushed out of the remembered paths by others' answers: only the object itself can still find it.
    for (let i = 0; i <= REMEMBERED_PATHS; i++) {
      journeyPath(applicationMachine, { ...answers, fullName: { fullName: `Person ${i}` } }, england);
    }
    expect(journeyPath(applicationMachine, answers, england, files)).toBe(first);
    // The same object with other files is another path.
    expect(journeyPath(applicationMachine, answers, england, {})).not.toBe(first);
  });
});
