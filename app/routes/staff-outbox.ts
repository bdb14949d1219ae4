import express from 'express';
import type { Knex } from 'knex';
import { requirePermission } from '../middleware/auth';
import type { NotificationRow } from '../notifications/outbox';
import type { TemplateName } from '../notifications/notifier';
import { SECRET_FIELDS } from '../notifications/sealed-fields';

/** Rows per page: newest first, then "Older" pages by keyset (created_at, id), so no row is skipped. */
export const OUTBOX_PAGE_SIZE = 25;

const TEMPLATE_NAMES: Record<TemplateName, string> = {
  'application-received': 'Application received',
  'save-and-return': 'Save and return link',
  'more-information': 'More information needed',
  decision: 'Decision',
};

/**
 * What only the applicant may see: a save-and-return link or code, or a reply link, would let whoever
 * reads it act as the resident, so staff see that one was sent, not what it was. The row itself holds
 * only `[withheld]` for them (app/notifications/sealed-fields.ts).
 */
const withheld = (row: NotificationRow, [name, value]: [string, string]): [string, string] =>
  SECRET_FIELDS[row.template]?.includes(name) ? [name, '(only the applicant sees this)'] : [name, value];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a row's status means to an officer answering "did my email arrive?". */
function statusOf(row: NotificationRow): { text: string; colour: string } {
  if (row.status === 'sent' && row.provider === 'outbox')
    return { text: 'Kept, not emailed', colour: 'grey' };
  if (row.status === 'sent') return { text: 'Sent', colour: 'green' };
  if (row.status === 'failed') return { text: 'Failed, will retry', colour: 'red' };
  return { text: 'Waiting to send', colour: 'blue' };
}

/**
 * The outbox (/staff/outbox): every email the service has sent or kept, for officers helping an applicant
 * and for developers without GOV.UK Notify. Recipients are personal data, so it needs
 * `notifications:view` (assessors and above), like the cases the emails are about.
 */
export function staffOutboxRoutes(options: {
  db: Knex;
  councilId: string;
  staffUrl: string;
}): express.Router {
  const { db, councilId, staffUrl } = options;
  const router = express.Router();

  router.get('/outbox', requirePermission('notifications:view'), async (req, res) => {
    const before = typeof req.query.before === 'string' ? req.query.before : undefined;
    let query = db('notifications').where({ council_id: councilId });
    if (before !== undefined) {
      const cursor = UUID.test(before)
        ? ((await db('notifications')
            .where({ id: before, council_id: councilId })
            .first('created_at', 'id')) as Pick<NotificationRow, 'created_at' | 'id'> | undefined)
        : undefined;
      if (!cursor) return res.status(404).render('errors/404.njk');
      query = query.where((older) =>
        older
          .where('created_at', '<', cursor.created_at)
          .orWhere((same) => same.where('created_at', cursor.created_at).andWhere('id', '<', cursor.id)),
      );
    }
    const found = (await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(OUTBOX_PAGE_SIZE + 1)) as NotificationRow[];
    const page = found.slice(0, OUTBOX_PAGE_SIZE);
    const notifications = page.map((row) => ({
      ...row,
      templateName: TEMPLATE_NAMES[row.template] ?? row.template,
      statusTag: statusOf(row),
      personalisation: Object.entries(JSON.parse(row.personalisation) as Record<string, string>).map((pair) =>
        withheld(row, pair),
      ),
    }));
    res.render('staff/outbox.njk', {
      notifications,
      olderHref: found.length > OUTBOX_PAGE_SIZE ? `${staffUrl}/outbox?before=${page.at(-1)!.id}` : undefined,
      newestHref: before !== undefined ? `${staffUrl}/outbox` : undefined,
    });
  });

  return router;
}
