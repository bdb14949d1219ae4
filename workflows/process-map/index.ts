import { applicationProcessMap } from '../application/process-map';
import { badgeProcessMap } from '../badge/process-map';
import { caseProcessMap } from '../case/process-map';
import { WORKFLOWS, type WorkflowKind } from '../registry';
import { replacementProcessMap } from '../replacement/process-map';
import { processMapDot } from './dot';
import { buildProcessMap, type ProcessMap } from './model';
import type { ProcessMapNotes, TargetSettings } from './notes';
import { renderSvg } from './render';

export * from './model';
export * from './notes';
export { processMapDot, rolesInWords, whoActs, transitionLabel } from './dot';

/** Each workflow's notes: a new workflow in the registry does not compile until it has some. */
export const PROCESS_MAP_NOTES: Record<WorkflowKind, ProcessMapNotes> = {
  application: applicationProcessMap,
  replacement: replacementProcessMap,
  case: caseProcessMap,
  badge: badgeProcessMap,
};

/** The settings schema's defaults (docs/schemas/council-settings.schema.json `targets`), for docs/process/. */
export const DEFAULT_TARGETS: TargetSettings = { decisionWeeks: 12, routeWeeks: {} };

export const WORKFLOW_KINDS = Object.keys(WORKFLOWS) as WorkflowKind[];

export function isWorkflowKind(value: string): value is WorkflowKind {
  return (WORKFLOW_KINDS as string[]).includes(value);
}

export function processMap(kind: WorkflowKind, targets: TargetSettings = DEFAULT_TARGETS): ProcessMap {
  return buildProcessMap(WORKFLOWS[kind], { notes: PROCESS_MAP_NOTES[kind], targets });
}

/** What the diagram shows, in one sentence: the SVG's <desc> and the page's image description. */
export function diagramDescription(map: ProcessMap): string {
  const finals = map.states.filter((s) => s.kind === 'final').length;
  return `${map.description} A diagram of ${map.states.length} states (${finals} final) and the transitions between them; the same content is listed in the table beside it.`;
}

const svgCache = new Map<string, Promise<string>>();

/**
 * The diagram as SVG, drawn once per workflow version and target settings (kept in memory: a drawing
 * never changes while the kit runs).
 */
export function processMapSvg(
  kind: WorkflowKind,
  targets: TargetSettings = DEFAULT_TARGETS,
): Promise<string> {
  const key = JSON.stringify([kind, WORKFLOWS[kind].version, targets]);
  let svg = svgCache.get(key);
  if (!svg) {
    const map = processMap(kind, targets);
    svg = renderSvg(
      processMapDot(map),
      `Process map: ${map.id} workflow, version ${map.version}`,
      diagramDescription(map),
    );
    svg.catch(() => svgCache.delete(key));
    svgCache.set(key, svg);
  }
  return svg;
}
