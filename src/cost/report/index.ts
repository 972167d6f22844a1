export { type CostRecord, costRecordsFromModelCalls } from './cost-record.ts';
export {
  buildCostTree,
  type CostNode,
  type CostNodeJson,
  type CostNodeKind,
  costTreeToJson,
} from './cost-tree.ts';
export { type FormatCostTreeOptions, formatCostTree } from './format-cost-tree.ts';
