export {
  buildReport,
  type BuildReportOptions,
  type ItemCell,
  type ItemRow,
  type ReportModel,
  type RunComparison,
  type RunView,
} from './build-report.js';
export { comparisonData, writeComparison, type ComparisonFile } from './comparison.js';
export { renderHtmlReport, writeHtmlReport, type HtmlReportOptions } from './html-report.js';
export {
  renderMarkdownReport,
  writeMarkdownReport,
  type MarkdownReportOptions,
} from './markdown-report.js';
export { renderPlots, type RenderPlotsOptions, type ReportPlot } from './plots.js';
export { readRun, type ReadRunOptions, type RunData, type ReportResult } from './read-run.js';
export type { SlimStep, SlimTrace } from './slim-trace.js';
