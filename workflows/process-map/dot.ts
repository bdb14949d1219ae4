import { ROLE_NAMES, ROLES, type Role } from '../permissions';
import type { ProcessMap, ProcessState, ProcessTransition } from './model';

/**
 * The process map as a Graphviz graph: a box per state with its description, who acts and its target time,
 * nested states inside their parent's cluster, final states with a double border, and an arrow per
 * transition labelled with its event, guard and permission. Staff transitions are blue, automatic ones
 * dashed. render.ts turns it into SVG.
 */

const STAFF = '#1d70b8';
const AUTOMATIC = '#505a5f';
const TEXT = '#0b0c0c';

/** A DOT string: quotes and backslashes escaped, `\n` for line breaks. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Breaks text into lines of about `width` characters, at spaces. */
export function wrap(text: string, width = 32): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const nodeName = (id: string) => quote(`s:${id}`);
const clusterName = (id: string) => quote(`cluster_${id}`);

/** Roles in words: "Assessor and above" when they are a role and every role after it (ROLES is cumulative). */
export function rolesInWords(roles: readonly Role[]): string[] {
  const first = ROLES.indexOf(roles[0]);
  const fromFirst =
    first >= 0 && roles.length === ROLES.length - first && roles.every((r, i) => ROLES[first + i] === r);
  if (fromFirst && roles.length > 1) return [`${ROLE_NAMES[roles[0]]} and above`];
  return roles.map((role) => ROLE_NAMES[role]);
}

export function whoActs(state: ProcessState): string[] {
  return [...(state.actor ? [state.actor] : []), ...rolesInWords(state.roles)];
}

function stateLabel(state: ProcessState): string {
  const lines = [state.key];
  if (state.description) lines.push(wrap(state.description));
  const who = whoActs(state);
  if (who.length > 0) lines.push(wrap(`Who: ${who.join(', ')}`));
  if (state.targetTime) lines.push(wrap(`Target: ${state.targetTime}`));
  return lines.join('\n');
}

export function transitionLabel(transition: ProcessTransition): string {
  const parts = [transition.label];
  if (transition.guard) parts.push(wrap(`if ${transition.guard.description}`, 36));
  if (transition.permission) parts.push(`(${transition.permission})`);
  return parts.join('\n');
}

/** The first atomic state inside a state, following initial states: where an arrow into a cluster lands. */
function entryOf(map: ProcessMap, id: string): string {
  const children = map.states.filter((s) => s.parent === id);
  if (children.length === 0) return id;
  return entryOf(map, (children.find((s) => s.initial) ?? children[0]).id);
}

function edge(map: ProcessMap, from: string, transition: ProcessTransition, target: string): string {
  const attributes: string[] = [`label=${quote(transitionLabel(transition))}`];
  const source = map.states.find((s) => s.id === from);
  const destination = map.states.find((s) => s.id === target);
  if (source?.kind === 'compound') attributes.push(`ltail=${clusterName(from)}`);
  if (destination?.kind === 'compound') attributes.push(`lhead=${clusterName(target)}`);
  if (transition.permission) attributes.push(`color="${STAFF}"`, `fontcolor="${STAFF}"`);
  if (transition.kind === 'always' || transition.kind === 'after')
    attributes.push('style=dashed', `color="${AUTOMATIC}"`);
  const start = source ? nodeName(entryOf(map, from)) : quote('anywhere');
  return `  ${start} -> ${nodeName(entryOf(map, target))} [${attributes.join(', ')}];`;
}

export function processMapDot(map: ProcessMap): string {
  const lines = [
    `digraph ${quote(map.id)} {`,
    '  graph [rankdir=TB, compound=true, fontname="Arial", fontsize=12, nodesep=0.4, ranksep=0.5];',
    `  node [shape=box, style="rounded", margin="0.3,0.08", fontname="Arial", fontsize=11, color="${TEXT}", fontcolor="${TEXT}"];`,
    `  edge [fontname="Arial", fontsize=9, color="${TEXT}", fontcolor="${TEXT}"];`,
    `  start [shape=circle, style=filled, fillcolor="${TEXT}", label="", width=0.2];`,
  ];
  const drawState = (state: ProcessState, indent: string) => {
    if (state.kind === 'compound' || state.kind === 'parallel') {
      lines.push(`${indent}subgraph ${clusterName(state.id)} {`);
      lines.push(`${indent}  label=${quote(stateLabel(state))}; style="rounded"; color="${TEXT}";`);
      for (const child of map.states.filter((s) => s.parent === state.id)) drawState(child, `${indent}  `);
      lines.push(`${indent}}`);
      return;
    }
    const shape = state.kind === 'final' ? ', peripheries=2' : '';
    lines.push(`${indent}${nodeName(state.id)} [label=${quote(stateLabel(state))}${shape}];`);
  };
  for (const state of map.states.filter((s) => s.parent === undefined)) drawState(state, '  ');
  const first = map.states.find((s) => s.parent === undefined && s.initial);
  if (first) lines.push(`  start -> ${nodeName(entryOf(map, first.id))};`);
  for (const state of map.states) {
    for (const transition of state.transitions) {
      if (transition.summarisedBy) continue;
      for (const target of transition.targets) lines.push(edge(map, state.id, transition, target));
    }
  }
  const anywhere = map.anywhere.filter((t) => !t.summarisedBy && t.targets.length > 0);
  if (anywhere.length > 0) {
    lines.push(`  "anywhere" [shape=plaintext, label="From any state"];`);
    for (const transition of anywhere) {
      for (const target of transition.targets) lines.push(edge(map, '', transition, target));
    }
  }
  map.notes.forEach((note, index) => {
    lines.push(`  ${quote(`note:${index}`)} [shape=note, label=${quote(wrap(note, 40))}];`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
