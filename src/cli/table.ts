import Table from 'cli-table3';
import pc from 'picocolors';

/** A terminal table with a bold header (cli-table3's default is red); plain without colour. */
export function createTable(head: string[]): Table.Table {
  const style = pc.isColorSupported
    ? { head: ['bold'], border: ['grey'] }
    : { head: [], border: [] };
  return new Table({ head, style });
}
