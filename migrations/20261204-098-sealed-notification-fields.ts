import type { Knex } from 'knex';

/**
 * The outbox stops keeping usable secrets (app/notifications/sealed-fields.ts): the save-and-return
 * link and code and the more-information reply link are sealed in `notifications.sealed` until sent,
 * and `personalisation` holds `[withheld]` for them. Rows already sent lose theirs here; rows not yet
 * sent keep them in plain text only until the outbox sends them, which withholds them too.
 */
const SECRET_FIELDS: Record<string, readonly string[]> = {
  'save-and-return': ['link', 'code'],
  'more-information': ['link'],
};
const WITHHELD = '[withheld]';
const BATCH = 500;

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('notifications', (t) => {
    t.text('sealed');
  });
  let after = '';
  for (;;) {
    const rows = (await db('notifications')
      .where({ status: 'sent' })
      .whereIn('template', Object.keys(SECRET_FIELDS))
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'template', 'personalisation')) as Array<{
      id: string;
      template: string;
      personalisation: string;
    }>;
    if (rows.length === 0) return;
    for (const row of rows) {
      const personalisation = JSON.parse(row.personalisation) as Record<string, string>;
      const secret = SECRET_FIELDS[row.template].filter((name) => name in personalisation);
      if (secret.every((name) => personalisation[name] === WITHHELD)) continue;
      for (const name of secret) personalisation[name] = WITHHELD;
      await db('notifications')
        .where({ id: row.id })
        .update({ personalisation: JSON.stringify(personalisation) });
    }
    after = rows[rows.length - 1].id;
  }
}

export async function down(db: Knex): Promise<void> {
  // What was withheld is gone for good; only the column goes.
  await db.schema.alterTable('notifications', (t) => {
    t.dropColumn('sealed');
  });
}
