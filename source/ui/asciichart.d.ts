// asciichart ships no types; this declares the part the charts use.
declare module 'asciichart' {
  export interface PlotConfig {
    min?: number;
    max?: number;
    offset?: number;
    padding?: string;
    height?: number;
    colors?: string[];
    /** [axis-zero, axis, ╶, ╴, flat, down-low, up-high, down-high, up-low, vertical]. */
    symbols?: string[];
    format?: (value: number, row: number) => string;
  }
  const asciichart: {
    plot(series: number[] | number[][], config?: PlotConfig): string;
  };
  export default asciichart;
}
