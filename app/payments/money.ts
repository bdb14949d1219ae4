/** An amount in pence as GOV.UK style writes money: £10, £7.50 (no pence when there are none). */
export function formatPence(pence: number): string {
  const pounds = pence / 100;
  return `£${Number.isInteger(pounds) ? String(pounds) : pounds.toFixed(2)}`;
}
