export { type AtomicPrice, type ParsedPrice, type Price, parsePrice } from "./price.js";
export {
  formatUnits,
  MAX_UINT64,
  MAX_UINT256,
  type ParseUnitsParameters,
  parseAtomic,
  parseUnits,
} from "./units.js";
