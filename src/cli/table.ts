import Table from 'cli-table3';

/** A terminal table with a bold header (cli-table3's default is red). */
export function createTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: ['bold'], border: ['grey'] } });
}
