/** A cell as reasons quote it: JSON-quoted, cut after 40 characters so a huge cell stays readable. */
export function quotedCell(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}
