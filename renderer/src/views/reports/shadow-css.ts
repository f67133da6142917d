// report.css styles a whole document (:root for its colours, html and body for paper and type); in
// the preview's shadow root the host element stands for that document.
export function shadowCss(css: string): string {
  const hosted = css
    .replace(/:root\b/g, ':host')
    .replace(/\bhtml,\s*body\s*\{/g, ':host {')
    .replace(/(^|[\s,}])body\s*\{/g, '$1:host {')
  return `:host { display: block; }\n${hosted}`
}
