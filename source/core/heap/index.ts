export {
  type AnalysisPhase,
  type AnalyzeOptions,
  analyzeDumps,
  analyzeGraph,
  type CycleGroup,
  compareGraphs,
  type DumpInfo,
  type GraphReport,
  markNewObjects,
  newObjectHeuristic,
  type ObjectTable,
  type PathStep,
  type SiteGroup,
  type SymbolLookup,
} from './analysis.js';
export { type ByteSource, bytesSource, chunksSource } from './byte-source.js';
export { type DumpVisitor, readHeapDump } from './dump-reader.js';
export { ElfSymbols } from './elf.js';
export { buildHeapGraph, type HeapGraph } from './heap-graph.js';
export { graphReportText } from './report-text.js';
