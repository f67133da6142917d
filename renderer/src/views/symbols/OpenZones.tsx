// A symbol's open FVGs, nearest to the last price first.
import { useState } from 'react'
import { format } from 'date-fns'
import type { FvgZone } from '../../../../shared/fvg.ts'
import { formatCount, formatPercent, formatPrice } from '../../../../shared/format.ts'

/** Distance from the price to a zone: 0 inside it, else to its nearest edge. */
export function distanceTo(z: FvgZone, price: number): number {
  if (price > z.top) return price - z.top
  if (price < z.bottom) return z.bottom - price
  return 0
}

export function OpenZones({ open, lastPrice, decimals }: { open: Array<{ z: FvgZone; d: number }>; lastPrice: number | null; decimals: number | null }) {
  const [all, setAll] = useState(false)
  const shown = all ? open : open.slice(0, 25)
  return (
    <div className="open-zones">
      <h3>
        Open FVGs by distance from the last price <span className="muted">({formatCount(open.length)})</span>
      </h3>
      {open.length === 0 ? (
        <p className="muted" data-testid="no-zones">
          No open zones.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="zones">
            <thead>
              <tr>
                <th scope="col">Direction</th>
                <th scope="col">Formed</th>
                <th scope="col" className="num">
                  Bottom
                </th>
                <th scope="col" className="num">
                  Top
                </th>
                <th scope="col" className="num">
                  Height
                </th>
                <th scope="col" className="num">
                  Distance
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ z, d }) => (
                <tr key={z.index} data-testid="zone-row">
                  <td>{z.direction === 1 ? <span className="up">▲ bullish</span> : <span className="down">▼ bearish</span>}</td>
                  <td>{format(z.time, 'yyyy-MM-dd HH:mm')}</td>
                  <td className="num">{formatPrice(z.bottom, decimals)}</td>
                  <td className="num">{formatPrice(z.top, decimals)}</td>
                  <td className="num">{formatPrice(z.top - z.bottom, decimals)}</td>
                  <td className="num">
                    {d === 0 ? 'inside' : formatPrice(d, decimals)} {lastPrice ? <span className="muted">({formatPercent((d / lastPrice) * 100, 2)})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open.length > 25 && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'Show the nearest 25' : `Show all ${formatCount(open.length)}`}
        </button>
      )}
    </div>
  )
}
