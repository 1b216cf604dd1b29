/**
 * Reply templates (答复模板): texts that admins keep so that staff start a reply
 * from agreed wording rather than a blank box. A template is only a starting
 * point: the reply is what the member of staff sends after editing it, checked by
 * the workflow's own rules (workflow.ts REPLY_MAX). Plain data and functions.
 */
import { charCount, hasUnprintable, hasUnprintableInLine, isBlank } from '../feedback/rules';
import { REPLY_MAX } from './workflow';

export const TEMPLATE_TITLE_MAX = 50;
/** A template is a whole reply at most. */
export const TEMPLATE_BODY_MAX = REPLY_MAX;

export type TemplateRule =
  | 'title.required' | 'title.tooLong' | 'title.invalidChars'
  | 'body.required' | 'body.tooLong' | 'body.invalidChars';

export interface TemplateFields {
  title: string;
  body: string;
}

/**
 * The rules the given fields break, by field (a change may give only one); the
 * values are checked as they will be stored, trimmed. A title is one line, without bidi controls;
 * text that shows nothing is not given.
 */
export function templateProblems(fields: Partial<TemplateFields>): Partial<Record<keyof TemplateFields, TemplateRule>> {
  const out: Partial<Record<keyof TemplateFields, TemplateRule>> = {};
  if (fields.title !== undefined) {
    const title = fields.title.trim();
    if (isBlank(title)) out.title = 'title.required';
    else if (hasUnprintableInLine(title)) out.title = 'title.invalidChars';
    else if (charCount(title) > TEMPLATE_TITLE_MAX) out.title = 'title.tooLong';
  }
  if (fields.body !== undefined) {
    const body = fields.body.trim();
    if (isBlank(body)) out.body = 'body.required';
    else if (hasUnprintable(body)) out.body = 'body.invalidChars';
    else if (charCount(body) > TEMPLATE_BODY_MAX) out.body = 'body.tooLong';
  }
  return out;
}
