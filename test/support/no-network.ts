import { env } from '@huggingface/transformers';

/**
 * Makes every file request transformers.js sends fail, and returns the list
 * of URLs it was asked for: a test that loads a model offline asserts the
 * list stays empty.
 */
export function blockModelDownloads(): string[] {
  const fetched: string[] = [];
  env.fetch = ((input: unknown) => {
    fetched.push(String(input));
    return Promise.reject(new Error('no network in tests'));
  }) as typeof fetch;
  return fetched;
}
