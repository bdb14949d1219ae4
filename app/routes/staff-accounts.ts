import express from 'express';
import type { Knex } from 'knex';
import type { FieldError } from '../../workflows/forms/fields';
import { isRole, NATIONAL_ROLE, ROLE_NAMES, ROLES } from '../../workflows/permissions';
import type { WorkflowStore } from '../engine/workflow-store';
import { currentStaff, requirePermission } from '../middleware/auth';
import {
  accountFormErrors,
  changeOwnPassword,
  createStaffAccount,
  findStaffAccount,
  isLocked,
  listStaffAccounts,
  resetStaffPassword,
  roleSummary,
  setStaffAccountDisabled,
  signOutEverywhere,
  staffActor,
  updateStaffAccount,
  type StaffAccount,
} from '../services/staff';
import { errorSummaryItems } from '../views/errors';

/** A form field as a string: missing, repeated or otherwise odd fields are treated as empty. */
function field(req: express.Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The role radios, each with what it may do and the national service's role it matches. */
function roleOptions() {
  return ROLES.map((role) => ({
    value: role,
    text: ROLE_NAMES[role],
    hint: `${roleSummary(role)} National service role: ${NATIONAL_ROLE[role]}.`,
  }));
}

/** A form's errors as the views take them: the summary's list, and each field's first message. */
function errorLocals(errors: FieldError[]) {
  const fieldErrors: Record<string, { text: string }> = {};
  for (const error of errors) fieldErrors[error.field] ??= { text: error.text };
  return { errors, errorList: errorSummaryItems(errors), fieldErrors };
}

/** How an account stands, for the list and the account page. */
function accountStatus(account: StaffAccount, now: Date) {
  if (account.disabled) return { text: 'Disabled', classes: 'govuk-tag--grey' };
  if (isLocked(account, now)) return { text: 'Locked', classes: 'govuk-tag--orange' };
  if (account.passwordChangeRequired) return { text: 'One-time password', classes: 'govuk-tag--blue' };
  return { text: 'Active', classes: 'govuk-tag--green' };
}

/**
 * The signed-in person's own account (change password, sign out everywhere) and, for administrators
 * (`staff:manage`), everyone's: list, create, change name and role, disable and enable, reset a password.
 * Mounted by app/routes/staff.ts after `requireStaff`, so every route here has a signed-in person.
 */
export function staffAccountRoutes(options: { db: Knex; store: WorkflowStore; staffUrl: string }) {
  const { db, store, staffUrl } = options;
  const router = express.Router();
  // The app's clock (createApp({ clock })), so tests can move time past a lock.
  const now = () => new Date(store.now());

  // ——— Your account ———

  const renderAccount = (res: express.Response, errors: FieldError[] = []) =>
    res.status(errors.length > 0 ? 400 : 200).render('staff/account.njk', {
      account: currentStaff(res),
      roleName: ROLE_NAMES[currentStaff(res).role],
      nationalRole: NATIONAL_ROLE[currentStaff(res).role],
      roleSummary: roleSummary(currentStaff(res).role),
      ...errorLocals(errors),
    });

  router.get('/account', (_req, res) => renderAccount(res));

  router.post('/account/password', async (req, res) => {
    const staff = currentStaff(res);
    const result = await changeOwnPassword(
      db,
      staff,
      field(req, 'currentPassword'),
      field(req, 'newPassword'),
      now(),
    );
    if (!result.ok) return renderAccount(res, result.errors);
    // Other sessions end; this one carries on.
    req.session.staffSessionVersion = result.sessionVersion;
    req.session.staffNotice =
      'Your password has been changed. Any other sessions you had have been signed out.';
    res.redirect(303, staff.passwordChangeRequired ? `${staffUrl}/cases` : `${staffUrl}/account`);
  });

  router.post('/account/sign-out-everywhere', async (req, res) => {
    req.session.staffSessionVersion = await signOutEverywhere(db, currentStaff(res), now());
    req.session.staffNotice = 'You have been signed out on every other device and browser.';
    res.redirect(303, `${staffUrl}/account`);
  });

  // ——— Staff accounts (administrators) ———

  const admin = express.Router();
  admin.use(requirePermission('staff:manage'));
  router.use('/accounts', admin);
  const accountsUrl = `${staffUrl}/accounts`;
  const accountUrl = (id: string) => `${accountsUrl}/${encodeURIComponent(id)}`;

  admin.get('/', async (_req, res) => {
    const at = now();
    const accounts = await listStaffAccounts(db, currentStaff(res).councilId);
    res.render('staff/accounts/index.njk', {
      accounts: accounts.map((account) => ({
        ...account,
        url: accountUrl(account.id),
        roleName: ROLE_NAMES[account.role],
        status: accountStatus(account, at),
      })),
    });
  });

  const renderNew = (res: express.Response, values: Record<string, string>, errors: FieldError[]) =>
    res.status(errors.length > 0 ? 400 : 200).render('staff/accounts/new.njk', {
      values,
      roles: roleOptions(),
      ...errorLocals(errors),
    });

  admin.get('/new', (_req, res) => renderNew(res, {}, []));

  admin.post('/new', async (req, res) => {
    const values = { email: field(req, 'email'), name: field(req, 'name'), role: field(req, 'role') };
    const errors = accountFormErrors(values);
    if (errors.length > 0 || !isRole(values.role)) return renderNew(res, values, errors);
    const staff = currentStaff(res);
    const created = await createStaffAccount(
      db,
      { councilId: staff.councilId, email: values.email, name: values.name, role: values.role },
      staffActor(staff),
      now(),
    );
    if (!created.ok)
      return renderNew(res, values, [
        { field: 'email', href: '#email', text: 'A staff account with this email address already exists' },
      ]);
    // Shown in this response only: never stored, logged or put in the session.
    res.render('staff/accounts/password.njk', {
      heading: 'Account created',
      account: created.account,
      accountUrl: accountUrl(created.account.id),
      oneTimePassword: created.oneTimePassword,
    });
  });

  async function accountOr404(req: express.Request, res: express.Response) {
    const account = await findStaffAccount(db, currentStaff(res).councilId, String(req.params.id));
    if (!account) res.status(404).render('errors/404.njk');
    return account;
  }

  const renderAccountPage = (res: express.Response, account: StaffAccount, errors: FieldError[] = []) =>
    res.status(errors.length > 0 ? 400 : 200).render('staff/accounts/show.njk', {
      account,
      url: accountUrl(account.id),
      roleName: ROLE_NAMES[account.role],
      nationalRole: NATIONAL_ROLE[account.role],
      status: accountStatus(account, now()),
      isYou: account.id === currentStaff(res).id,
      ...errorLocals(errors),
    });

  admin.get('/:id', async (req, res) => {
    const account = await accountOr404(req, res);
    if (account) renderAccountPage(res, account);
  });

  const renderChange = (
    res: express.Response,
    account: StaffAccount,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    res.status(errors.length > 0 ? 400 : 200).render('staff/accounts/change.njk', {
      account,
      url: accountUrl(account.id),
      values,
      roles: roleOptions(),
      ...errorLocals(errors),
    });

  admin.get('/:id/change', async (req, res) => {
    const account = await accountOr404(req, res);
    if (account) renderChange(res, account, { name: account.name, role: account.role }, []);
  });

  admin.post('/:id/change', async (req, res) => {
    const account = await accountOr404(req, res);
    if (!account) return;
    const values = { name: field(req, 'name'), role: field(req, 'role') };
    const errors = accountFormErrors(values);
    if (errors.length > 0 || !isRole(values.role)) return renderChange(res, account, values, errors);
    const changed = await updateStaffAccount(
      db,
      account.councilId,
      account.id,
      { name: values.name, role: values.role },
      currentStaff(res),
      now(),
    );
    if (!changed.ok && changed.reason === 'not-found') return res.status(404).render('errors/404.njk');
    if (!changed.ok)
      return renderChange(res, account, values, [
        {
          field: 'role',
          href: '#role',
          text: 'You cannot remove your own permission to manage staff accounts. Ask another administrator',
        },
      ]);
    req.session.staffNotice = `${values.name.trim()}’s account has been changed.`;
    res.redirect(303, accountUrl(account.id));
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    admin.post(`/:id/${action}`, async (req, res) => {
      const account = await accountOr404(req, res);
      if (!account) return;
      const result = await setStaffAccountDisabled(
        db,
        account.councilId,
        account.id,
        disabled,
        currentStaff(res),
        now(),
      );
      if (!result.ok && result.reason === 'not-found') return res.status(404).render('errors/404.njk');
      if (!result.ok)
        return renderAccountPage(res, account, [
          { field: 'account', href: '#account-actions', text: 'You cannot disable your own account' },
        ]);
      req.session.staffNotice = disabled
        ? `${account.name}’s account has been disabled. They have been signed out.`
        : `${account.name}’s account has been enabled.`;
      res.redirect(303, accountUrl(account.id));
    });
  }

  admin.get('/:id/reset-password', async (req, res) => {
    const account = await accountOr404(req, res);
    if (!account) return;
    if (account.id === currentStaff(res).id) return res.redirect(303, `${staffUrl}/account`);
    res.render('staff/accounts/reset-password.njk', { account, url: accountUrl(account.id) });
  });

  admin.post('/:id/reset-password', async (req, res) => {
    const account = await accountOr404(req, res);
    if (!account) return;
    const result = await resetStaffPassword(db, account.councilId, account.id, currentStaff(res), now());
    if (!result.ok && result.reason === 'not-found') return res.status(404).render('errors/404.njk');
    if (!result.ok)
      return renderAccountPage(res, account, [
        {
          field: 'account',
          href: '#account-actions',
          text: 'Change your own password on the Your account page',
        },
      ]);
    res.render('staff/accounts/password.njk', {
      heading: 'Password reset',
      account,
      accountUrl: accountUrl(account.id),
      oneTimePassword: result.oneTimePassword,
      reset: true,
    });
  });

  return router;
}
