import { and, not, setup } from 'xstate';
import {
  buildProcessMap,
  delayInWords,
  describeGuard,
  guardsUsed,
  PROCESS_MAP_NOTES,
  processMap,
  processMapDot,
  processMapSvg,
  WORKFLOW_KINDS,
  type ProcessMapNotes,
} from '../../../workflows/process-map';
import { renderSvg } from '../../../workflows/process-map/render';
import { WORKFLOWS } from '../../../workflows/registry';

/** A made-up workflow with every feature a statechart can use: nesting, finals, delays, always, and/not guards. */
const demoMachine = setup({
  types: { events: {} as { type: 'SEND' } | { type: 'WITHDRAW' } | { type: 'REPLY' } },
  guards: { hasAnswer: () => true, isUrgent: () => false },
  delays: { replyDeadline: 28 * 24 * 60 * 60 * 1000 },
}).createMachine({
  id: 'demo',
  description: 'A demonstration workflow.',
  initial: 'open',
  on: { WITHDRAW: { target: '.withdrawn', meta: { permission: 'case:assess' } } },
  states: {
    open: {
      description: 'Being worked on.',
      initial: 'asking',
      states: {
        asking: {
          description: 'Waiting for a reply.',
          on: { REPLY: { guard: and(['hasAnswer', not('isUrgent')]), target: 'answered' } },
          after: { replyDeadline: '#demo.closed', 3600000: { target: 'asking', reenter: true } },
        },
        answered: { description: 'Answered.', type: 'final' },
      },
      onDone: 'checking',
    },
    checking: {
      description: 'Checked automatically.',
      always: [{ guard: 'isUrgent', target: 'closed' }, { target: 'closed' }],
    },
    withdrawn: { description: 'Withdrawn.', type: 'final' },
    closed: {
      description: 'Closed.',
      type: 'final',
    },
  },
});

const demoNotes: ProcessMapNotes = {
  actor: 'The resident',
  guards: { hasAnswer: 'an answer is given', isUrgent: 'the case is urgent' },
  delays: { replyDeadline: 'the reply deadline (28 days)' },
  screens: { kind: 'staff', queueFilter: (state) => state },
  targetTime: ({ final }, targets) => (final ? undefined : `${targets.decisionWeeks} weeks`),
};
const demo = () =>
  buildProcessMap(
    { id: 'demo', version: 7, machine: demoMachine },
    { notes: demoNotes, targets: { decisionWeeks: 5, routeWeeks: {} } },
  );

describe('the process map model', () => {
  it('has every state of every workflow, with a description', () => {
    for (const kind of WORKFLOW_KINDS) {
      const map = processMap(kind);
      const machine = WORKFLOWS[kind].machine;
      const leafCount = (node: { states: Record<string, unknown> }): number =>
        Object.values(node.states).reduce<number>(
          (sum, child) => sum + 1 + leafCount(child as { states: Record<string, unknown> }),
          0,
        );
      expect(map.states).toHaveLength(leafCount(machine.root));
      expect(map.states.filter((s) => !s.description).map((s) => `${kind}.${s.id}`)).toEqual([]);
      expect(map.version).toBe(WORKFLOWS[kind].version);
    }
  });

  it('has plain English for every guard every workflow uses', () => {
    const missing = WORKFLOW_KINDS.flatMap((kind) =>
      guardsUsed(WORKFLOWS[kind].machine)
        .filter((guard) => describeGuard(guard, PROCESS_MAP_NOTES[kind].guards) === undefined)
        .map((guard) => `${kind}: ${guard.name}`),
    );
    // Add the words to workflows/<workflow>/process-map.ts.
    expect([...new Set(missing)]).toEqual([]);
  });

  it('writes parameterised guards from the journey’s own words', () => {
    const who = processMap('application')
      .states.find((s) => s.id === 'whoIsApplying')!
      .transitions.filter((t) => t.targets[0] === 'helper');
    expect(who.map((t) => t.guard?.description)).toEqual(['“Who are you applying for?” is “Someone else”']);
  });

  it('names the roles that hold each staff transition’s permission, and the council’s target', () => {
    const map = processMap('case', { decisionWeeks: 8, routeWeeks: { TERMILL: 1 } });
    const deciding = map.states.find((s) => s.id === 'deciding')!;
    const approve = deciding.transitions.find((t) => t.event === 'APPROVE')!;
    expect(approve.permission).toBe('case:decide');
    expect(approve.roles).toEqual(['decision-maker', 'team-manager', 'administrator']);
    // An assessor may still ask for more information or record a withdrawal while a case waits for a decision.
    expect(deciding.roles).toEqual(['assessor', 'decision-maker', 'team-manager', 'administrator']);
    const requestInformation = deciding.transitions.find((t) => t.event === 'REQUEST_INFORMATION')!;
    expect(requestInformation.roles).toContain('assessor');
    expect(deciding.targetTime).toMatch(/^Decide within 8 weeks .*TERMILL: 1 week\b/);
    expect(map.states.find((s) => s.id === 'badgeOrdered')!.targetTime).toBeUndefined();
  });

  it('reads nested, final, delayed, automatic, done and root transitions from any machine', () => {
    const map = demo();
    expect(map.states.map((s) => [s.id, s.kind, s.parent, s.initial])).toEqual([
      ['open', 'compound', undefined, true],
      ['open.asking', 'atomic', 'open', true],
      ['open.answered', 'final', 'open', false],
      ['checking', 'atomic', undefined, false],
      ['withdrawn', 'final', undefined, false],
      ['closed', 'final', undefined, false],
    ]);
    const asking = map.states.find((s) => s.id === 'open.asking')!;
    expect(asking.transitions.map((t) => [t.label, t.targets, t.guard?.description])).toEqual([
      ['REPLY', ['open.answered'], 'an answer is given and not (the case is urgent)'],
      ['after 1 hour', ['open.asking'], undefined],
      ['after the reply deadline (28 days)', ['closed'], undefined],
    ]);
    expect(asking.automatic).toBe(true);
    expect(asking.actor).toBe('The resident');
    expect(asking.targetTime).toBe('5 weeks');
    expect(asking.screen).toBeUndefined();
    const checking = map.states.find((s) => s.id === 'checking')!;
    expect(checking.transitions.map((t) => [t.kind, t.guard?.description])).toEqual([
      ['always', 'the case is urgent'],
      ['always', undefined],
    ]);
    expect(map.states.find((s) => s.id === 'open')!.transitions.map((t) => [t.kind, t.targets])).toEqual([
      ['done', ['checking']],
    ]);
    expect(map.anywhere.map((t) => [t.event, t.targets, t.permission])).toEqual([
      ['WITHDRAW', ['withdrawn'], 'case:assess'],
    ]);
    expect(map.states.find((s) => s.id === 'withdrawn')!.screen?.href).toBe('/staff/cases?state=withdrawn');
  });

  it('writes delays in words', () => {
    expect(delayInWords(14 * 24 * 60 * 60 * 1000)).toBe('14 days');
    expect(delayInWords(24 * 60 * 60 * 1000)).toBe('1 day');
    expect(delayInWords(90 * 1000)).toBe('90 seconds');
    expect(delayInWords(1500)).toBe('1500 ms');
    expect(delayInWords('reminder', { reminder: 'the reminder time' })).toBe('the reminder time');
  });
});

describe('the diagram', () => {
  it('draws nested states as clusters, finals with a double border, and every unsummarised transition', () => {
    const dot = processMapDot(demo());
    expect(dot).toContain('subgraph "cluster_open"');
    expect(dot).toMatch(/"s:closed" \[label="closed\\nClosed\.", peripheries=2\]/);
    expect(dot).toContain('label="after the reply deadline\\n(28 days)"'.replace('\\n(28', ' (28'));
    expect(dot).toMatch(/"anywhere" -> "s:withdrawn" \[label="WITHDRAW\\n\(case:assess\)"/);
    // Leaving the cluster when it is done: drawn from the cluster's edge.
    expect(dot).toMatch(/"s:open\.asking" -> "s:checking" \[label="when finished", ltail="cluster_open"\]/);
  });

  it('is an accessible SVG with no scripts or inline styles', async () => {
    const svg = await renderSvg(processMapDot(demo()), 'Demo map', 'A <demo> & more');
    expect(svg).toMatch(/<svg role="img" aria-labelledby="process-map-title process-map-desc" /);
    expect(svg).toMatch(
      /<svg [^>]*>\n<title id="process-map-title">Demo map<\/title>\n<desc id="process-map-desc">A &lt;demo&gt; &amp; more<\/desc>/,
    );
    expect(svg).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(svg).toContain('Waiting for a reply.');
  });

  it('summarises back and change links in a note instead of an arrow from every page', async () => {
    const map = processMap('application');
    const dot = processMapDot(map);
    expect(map.anywhere.length).toBeGreaterThan(10);
    expect(dot).not.toMatch(/label="GOTO\./);
    expect(map.notes).toHaveLength(2);
    expect(dot).toContain('shape=note');
    const svg = await processMapSvg('application');
    expect(svg).toContain('<title id="process-map-title">Process map: application workflow, version');
    expect(await processMapSvg('application')).toBe(svg);
  });
});
