export type { FaultConfig, FaultSettings } from './faults';
export type { SimulatorOptions } from './options';
export { createSimulator, type Simulator } from './simulator';
export type { Page, Position, RecordView } from './store';
export {
  dealerColumnNames,
  dealerColumns,
  dealerMapping,
  dealerTableConnector,
  dealerTableSql,
  simulatorConnector,
  type DealerEntity,
} from './dealer-mapping';
