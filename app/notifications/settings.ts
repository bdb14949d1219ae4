/** The notifications section of the council settings file, read and checked. */
import type { CouncilSettings } from '../council-settings';
import type { Email, TemplateName } from './notifier';
import { TEMPLATES } from './notifier';

type NotificationSettings = CouncilSettings['notifications'];

/** `application-received` → `applicationReceived`, the stem of its settings keys. */
const settingStem = (template: TemplateName) =>
  template.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The settings keys holding a template's ids: `<stem>TemplateId` and `<stem>WelshTemplateId`. */
export function templateKeys(template: TemplateName): { en: string; cy: string } {
  const stem = settingStem(template);
  return { en: `${stem}TemplateId`, cy: `${stem}WelshTemplateId` };
}

/** The Notify template for an email: the Welsh one for a Welsh speaker where the council has one. */
export function templateIdFor(settings: NotificationSettings, email: Pick<Email, 'template' | 'language'>) {
  const keys = templateKeys(email.template);
  const ids = settings as unknown as Record<string, string>;
  return (email.language === 'cy' && ids[keys.cy]) || ids[keys.en];
}

/** Every template setting the `notify` provider needs (Welsh too in Wales, where every email is bilingual). */
export function missingTemplateIds(settings: CouncilSettings): string[] {
  const ids = settings.notifications as unknown as Record<string, string>;
  const needed = TEMPLATES.flatMap((template) => {
    const keys = templateKeys(template);
    return settings.council.nation === 'wales' ? [keys.en, keys.cy] : [keys.en];
  });
  return needed.filter((key) => !ids[key]).map((key) => `notifications.${key}`);
}

/** GOV.UK Notify keys are `<name>-<service id>-<secret>`, both UUIDs. */
const API_KEY =
  /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What stops the `notify` provider starting: named, for the start-up message. */
export function notifyProblems(settings: CouncilSettings, apiKey: string | undefined): string[] {
  if (settings.notifications.provider !== 'notify') return [];
  const problems: string[] = [];
  if (!apiKey) problems.push('NOTIFY_API_KEY must be set when notifications.provider is notify');
  else if (!API_KEY.test(apiKey))
    problems.push('NOTIFY_API_KEY is not a GOV.UK Notify API key (<name>-<service id>-<secret key>)');
  return problems;
}
