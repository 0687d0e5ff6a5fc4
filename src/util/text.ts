/** The text with its first letter upper-cased. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The text with user names and passwords taken out of any URL in it (`http://u:p@h` -> `http://h`). */
export function withoutCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z\d+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}
