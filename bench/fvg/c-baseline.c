// C parse-and-scan baseline for bench:fvg (bench/fvg/c-baseline.ts compiles it with cc -O2): reads the
// CSV (timestamp,open,high,low,close,volume) with strtod and finds the FVGs with the default rules
// (body middle candle, touch mitigation from i + 2) using heaps for mitigation; prints the counts.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
typedef struct { double key; int idx; } E;
static void push(E *h, int *n, E e, int max) { int i = (*n)++; while (i > 0) { int p = (i - 1) / 2; if ((max ? h[p].key >= e.key : h[p].key <= e.key)) break; h[i] = h[p]; i = p; } h[i] = e; }
static E pop(E *h, int *n, int max) { E top = h[0], last = h[--(*n)]; int i = 0; for (;;) { int c = 2 * i + 1; if (c >= *n) break; if (c + 1 < *n && (max ? h[c + 1].key > h[c].key : h[c + 1].key < h[c].key)) c++; if (max ? last.key >= h[c].key : last.key <= h[c].key) break; h[i] = h[c]; i = c; } h[i] = last; return top; }
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb"); struct stat st; fstat(fileno(f), &st);
  char *buf = malloc(st.st_size + 1); fread(buf, 1, st.st_size, f); buf[st.st_size] = 0; fclose(f);
  size_t cap = st.st_size / 30 + 16; double *t = malloc(cap * 8), *o = malloc(cap * 8), *h = malloc(cap * 8), *l = malloc(cap * 8), *c = malloc(cap * 8), *v = malloc(cap * 8);
  char *p = strchr(buf, '\n') + 1; size_t n = 0;
  while (*p) { char *e; t[n] = (double)strtoll(p, &e, 10); o[n] = strtod(e + 1, &e); h[n] = strtod(e + 1, &e); l[n] = strtod(e + 1, &e); c[n] = strtod(e + 1, &e); v[n] = strtod(e + 1, &e); n++; p = e; while (*p == '\n' || *p == '\r') p++; }
  int *zi = malloc(n * 4); signed char *zd = malloc(n); double *zt = malloc(n * 8), *zb = malloc(n * 8); int *mi = malloc(n * 4); int k = 0;
  for (size_t i = 1; i + 1 < n; i++) {
    if (h[i - 1] < l[i + 1] && c[i] > o[i]) { zi[k] = i; zd[k] = 1; zt[k] = l[i + 1]; zb[k] = h[i - 1]; mi[k++] = -1; }
    else if (l[i - 1] > h[i + 1] && c[i] < o[i]) { zi[k] = i; zd[k] = -1; zt[k] = l[i - 1]; zb[k] = h[i + 1]; mi[k++] = -1; }
  }
  E *bull = malloc(k * sizeof(E)), *bear = malloc(k * sizeof(E)); int nb = 0, ns = 0, z = 0, mitigated = 0;
  for (size_t j = 0; j < n; j++) {
    while (z < k && (size_t)zi[z] + 2 <= j) { if (zd[z] > 0) push(bull, &nb, (E){ zt[z], z }, 1); else push(bear, &ns, (E){ zb[z], z }, 0); z++; }
    while (nb && bull[0].key >= l[j]) { mi[pop(bull, &nb, 1).idx] = j; mitigated++; }
    while (ns && bear[0].key <= h[j]) { mi[pop(bear, &ns, 0).idx] = j; mitigated++; }
  }
  printf("%zu candles, %d fvgs, %d mitigated\n", n, k, mitigated);
  return 0;
}
