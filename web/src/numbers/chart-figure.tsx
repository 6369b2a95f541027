// A chart as a figure: its caption, the picture (an image named by its summary), a legend, and the
// exact figures behind a "Show as table" disclosure.
import { BarChart } from './bar-chart.tsx';
import type { ChartSeries, ChartSpec, TableRow } from './chart-spec.ts';

/** `wide`: across both columns, for a table with many columns; the picture keeps its size. */
export function ChartFigure({ spec, wide = false }: { spec: ChartSpec; wide?: boolean }) {
  return (
    <figure className={wide ? 'chart chart-wide panel' : 'chart panel'}>
      <figcaption>{spec.title}</figcaption>
      <BarChart spec={spec} />
      <Legend series={spec.series} />
      <details className="chart-table">
        <summary>Show as table</summary>
        <FiguresTable spec={spec} />
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

function FiguresTable({ spec }: { spec: ChartSpec }) {
  return (
    <div className="table-scroll">
      <table className="figures-table">
        <caption>{spec.title}</caption>
        <thead>
          <tr>
            {spec.table.head.map((name, index) => (
              <th key={name} scope="col" className={index === 0 ? undefined : 'number'}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.table.rows.map((row) => (
            <tr key={row.key}>
              <RowHeader row={row} />
              {row.cells.map((cell, index) => (
                <td key={spec.table.head[index + 1] ?? index} className="number">
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
