import type { Knex } from 'knex';
import * as initialSchema from './20261204-001-initial-schema';
import * as caseApplicationType from './20261204-002-case-application-type';
import * as workQueue from './20261204-003-work-queue';
import * as staffAccounts from './20261204-004-staff-accounts';
import * as evidence from './20261204-005-evidence';
import * as scheduledJobs from './20261204-006-scheduled-jobs';
import * as caseViews from './20261204-006-case-views';
import * as retentionFigures from './20261204-006-retention-figures';
import * as auditEntityIndex from './20261204-007-audit-entity-index';
import * as staffSsoSubject from './20261204-008-staff-sso-subject';
import * as keyedApplications from './20261204-009-keyed-applications';
import * as rateLimits from './20261204-010-rate-limits';
import * as notifications from './20261204-011-notifications';
import * as informationRequestLinks from './20261204-020-information-request-links';
import * as letters from './20261204-030-letters';
import * as savedApplications from './20261204-040-saved-applications';
import * as payments from './20261204-050-payments';
import * as workflowClosedAt from './20261204-060-workflow-closed-at';
import * as erasureLog from './20261204-061-erasure-log';
import * as refusedCasesClosedAt from './20261204-062-refused-cases-closed-at';
import * as processComments from './20261204-070-process-comments';
import * as sealedNotificationFields from './20261204-098-sealed-notification-fields';
import * as processCommentSettledAt from './20261205-092-process-comment-settled-at';
import * as dropRedundantAuditIndex from './20261205-100-drop-redundant-audit-index';

/**
 * Every migration, in order. Listed in code rather than found on disk so they run the same from
 * TypeScript source, from `dist/`, and inside a council's own server that embeds the kit.
 * To add one: create `YYYYMMDD-NNN-what-it-does.ts` exporting `up` and `down`, then add it here.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: Knex.Migration]> = [
  ['20261204-001-initial-schema', initialSchema],
  ['20261204-002-case-application-type', caseApplicationType],
  ['20261204-003-work-queue', workQueue],
  ['20261204-004-staff-accounts', staffAccounts],
  ['20261204-005-evidence', evidence],
  ['20261204-006-scheduled-jobs', scheduledJobs],
  ['20261204-006-case-views', caseViews],
  ['20261204-006-retention-figures', retentionFigures],
  ['20261204-007-audit-entity-index', auditEntityIndex],
  ['20261204-008-staff-sso-subject', staffSsoSubject],
  ['20261204-009-keyed-applications', keyedApplications],
  ['20261204-010-rate-limits', rateLimits],
  ['20261204-011-notifications', notifications],
  ['20261204-020-information-request-links', informationRequestLinks],
  ['20261204-030-letters', letters],
  ['20261204-040-saved-applications', savedApplications],
  ['20261204-050-payments', payments],
  ['20261204-060-workflow-closed-at', workflowClosedAt],
  ['20261204-061-erasure-log', erasureLog],
  ['20261204-062-refused-cases-closed-at', refusedCasesClosedAt],
  ['20261204-070-process-comments', processComments],
  ['20261204-098-sealed-notification-fields', sealedNotificationFields],
  ['20261205-092-process-comment-settled-at', processCommentSettledAt],
  ['20261205-100-drop-redundant-audit-index', dropRedundantAuditIndex],
];
