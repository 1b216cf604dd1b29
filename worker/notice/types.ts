/**
 * The structure of a published rectification notice (巡察整改情况的通报), as
 * read by `parseNotice`. Every text field holds characters exactly as written
 * (only surrounding whitespace is trimmed), so that the fields, joined in
 * document order by `noticeFields`, give back every non-blank character of the
 * notice: the public can check that nothing was dropped or reworded.
 */

export type ItemStatus = 'completed' | 'in_progress' | 'long_term' | 'unknown';

export interface ParsedItem {
  /** Numbering as written: "1." "（2）" "3、". */
  label: string;
  /** The rest of the heading line, up to and including its first "。" when more follows. */
  title: string;
  /** Prose of the item that is neither measures nor status, in order. */
  body: string[];
  /** "整改措施:" exactly as written, colon included; null when the item has none. */
  measuresLabel: string | null;
  /** Measures text, lines joined with "\n"; '' when there are none. */
  measures: string;
  statusLabel: string | null;
  /** As written; null when the item has no status line, '' when the label has no text. */
  statusText: string | null;
  status: ItemStatus;
  /** 0-based source line of the heading; orders items among categories. */
  line: number;
}

export interface ParsedCategory {
  label: string;
  heading: string;
  body: string[];
  items: ParsedItem[];
  line: number;
}

export interface ParsedPart {
  label: string;
  heading: string;
  body: string[];
  categories: ParsedCategory[];
  /** Items directly under the part, with no category. */
  items: ParsedItem[];
  line: number;
  /**
   * True when the notice numbers its items at the top level with no part
   * heading above them; such items are gathered in a part with empty label
   * and heading rather than dropped into the intro.
   */
  implicit: boolean;
}

export interface NoticeContacts {
  phone: string | null;
  address: string | null;
  email: string | null;
}

export interface ParsedNotice {
  title: string | null;
  /** Prose before the first part, one entry per line. */
  intro: string[];
  parts: ParsedPart[];
  /**
   * The closing paragraph after the last part ("欢迎广大干部群众…监督", contact
   * lines, signature and date), one entry per line.
   */
  closing: string[];
  /** Copies of contact channels found in the text; not part of the lossless fields. */
  contacts: NoticeContacts;
}
