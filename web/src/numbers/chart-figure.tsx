// A chart as a figure: its caption, the picture (an image named by its summary), a legend, and the
// exact figures behind a "Show as table" disclosure.
import type { ReactNode } from 'react';
import { BarChart } from './bar-chart.tsx';
import type { ChartSeries, ChartSpec, TableRow } from './chart-spec.ts';

/** What every chart's figure has around its picture. */
export type FigureParts = Pick<ChartSpec, 'title' | 'series' | 'table'>;

/** `wide`: across both columns, for a table with many columns; the picture keeps its size. */
export function ChartFigure({ spec, wide = false }: { spec: ChartSpec; wide?: boolean }) {
  return (
    <Figure parts={spec} wide={wide}>
      <BarChart spec={spec} />
    </Figure>
  );
}

/** The frame of a chart around any picture (a bar chart, a line chart). */
export function Figure({ parts, wide = false, children }: { parts: FigureParts; wide?: boolean; children: ReactNode }) {
  return (
    <figure className={wide ? 'chart chart-wide panel' : 'chart panel'}>
      <figcaption>{parts.title}</figcaption>
      {children}
      <Legend series={parts.series} />
      <details className="chart-table">
        <summary>Show as table</summary>
        <FiguresTable parts={parts} />
      </details>
    </figure>
  );
}

function Legend({ series }: { series: readonly ChartSeries[] }) {
  return (
    <ul className="chart-legend">
      {series.map((item) => (
        <li key={item.label}>
          <svg className="swatch" viewBox="0 0 12 12" aria-hidden="true">
            <rect className={`tone-${item.tone}`} width="12" height="12" rx="2" />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function FiguresTable({ parts }: { parts: FigureParts }) {
  return (
    <div className="table-scroll">
      <table className="figures-table">
        <caption>{parts.title}</caption>
        <thead>
          <tr>
            {parts.table.head.map((name, index) => (
              <th key={name} scope="col" className={index === 0 ? undefined : 'number'}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {parts.table.rows.map((row) => (
            <tr key={row.key}>
              <RowHeader row={row} />
              {row.cells.map((cell, index) => (
                <td key={parts.table.head[index + 1] ?? index} className="number">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowHeader({ row }: { row: TableRow }) {
  return <th scope="row">{row.dateTime ? <time dateTime={row.dateTime}>{row.header}</time> : row.header}</th>;
}
