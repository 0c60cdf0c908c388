/**
 * The Quartiersbericht on the large dataset: the yearly city-wide report page and its PDF as an admin reads them
 * (targets: page ≤ 1 s, PDF ≤ 3 s). Each is requested a few times one after another (the page is `no-store`, so
 * nothing is cached) and the median of the full response time is reported, with the PDF's size and page count.
 * In-process timings of the same report split the time into computing the figures and drawing the PDF, which says
 * where a slow answer comes from.
 */
import { createDb } from '../db/client';
import { computeReport } from '../src/lib/server/reports/report';
import { goalsReportSection } from '../src/lib/server/goals/report';
import { presetPeriod } from '../src/lib/server/reports/period';
import { renderReportPdf } from '../src/lib/server/reports/pdf';
import { translator } from '../src/i18n';
import { percentile, round } from './stats';

interface Response {
  status: number;
  totalMs: number;
  bytes: number;
  body: string;
}
type Get = (url: string, headers: Record<string, string>) => Promise<Response>;

export interface ReportProbe {
  pageMedianMs: number;
  pageStatus: number;
  pageBytes: number;
  pdfMedianMs: number;
  pdfStatus: number;
  pdfBytes: number;
  pdfPages: number;
  samples: number;
  /** The same report in the bench process: figures computed, then drawn as PDF; wall time and CPU time (the latter
   * says what the report costs when the machine is busy with other work). */
  computeMedianMs: number;
  computeCpuMedianMs: number;
  drawPdfMedianMs: number;
  drawPdfCpuMedianMs: number;
}

const PATH = '/verwaltung/bericht?quartier=stadt&zeitraum=jahr';

/** Pages of a pdfkit PDF: its page objects are written uncompressed as `/Type /Page`. */
const pageCount = (pdf: string): number => pdf.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

async function timed(get: Get, url: string, headers: Record<string, string>, samples: number): Promise<{ median: number; last: Response }> {
  const times: number[] = [];
  let last: Response | null = null;
  for (let n = 0; n < samples; n++) {
    last = await get(`${url}&_bench=${n}-${Date.now()}`, headers);
    times.push(last.totalMs);
  }
  return { median: round(percentile(times, 50)), last: last! };
}

export async function probeReport(base: string, dbPath: string, adminCookie: string, get: Get, samples = 5): Promise<ReportProbe> {
  const headers = { cookie: adminCookie };
  await get(`${base}${PATH}`, headers);
  const page = await timed(get, `${base}${PATH}`, headers, samples);
  const pdf = await timed(get, `${base}${PATH}&format=pdf`, headers, samples);

  const db = createDb(dbPath);
  const t = translator('de');
  const now = new Date();
  const compute: number[] = [];
  const computeCpu: number[] = [];
  const draw: number[] = [];
  const drawCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  try {
    for (let n = 0; n < samples; n++) {
      const started = performance.now();
      const startedCpu = process.cpuUsage();
      const report = computeReport(db, null, presetPeriod('jahr', now), now, [goalsReportSection]);
      compute.push(performance.now() - started);
      computeCpu.push(cpuMs(startedCpu));
      const drawStarted = performance.now();
      const drawStartedCpu = process.cpuUsage();
      await renderReportPdf(report, t, 'de');
      draw.push(performance.now() - drawStarted);
      drawCpu.push(cpuMs(drawStartedCpu));
    }
  } finally {
    db.$client.close();
  }
  return {
    pageMedianMs: page.median,
    pageStatus: page.last.status,
    pageBytes: page.last.bytes,
    pdfMedianMs: pdf.median,
    pdfStatus: pdf.last.status,
    pdfBytes: pdf.last.bytes,
    pdfPages: pageCount(pdf.last.body),
    samples,
    computeMedianMs: round(percentile(compute, 50)),
    computeCpuMedianMs: round(percentile(computeCpu, 50)),
    drawPdfMedianMs: round(percentile(draw, 50)),
    drawPdfCpuMedianMs: round(percentile(drawCpu, 50)),
  };
}

export function describeReport(r: ReportProbe): string {
  return (
    `Quartiersbericht, city-wide, last 12 months (admin): page median ${r.pageMedianMs} ms (HTTP ${r.pageStatus}, ${round(r.pageBytes / 1024)} KB), ` +
    `PDF median ${r.pdfMedianMs} ms (HTTP ${r.pdfStatus}, ${round(r.pdfBytes / 1024)} KB, ${r.pdfPages} pages) over ${r.samples} runs; ` +
    `in process: figures ${r.computeMedianMs} ms (CPU ${r.computeCpuMedianMs} ms), PDF drawing ${r.drawPdfMedianMs} ms (CPU ${r.drawPdfCpuMedianMs} ms)`
  );
}
