import type { ConnectorConfig } from '@syncline/contracts';
import type { Connector, ConnectorContext } from './connector';
import { CsvConnector } from './csv.connector';
import { HttpConnector } from './http.connector';
import { PostgresConnector } from './postgres.connector';

/** The connector for a side's configuration; the caller closes it. */
export function openConnector(config: ConnectorConfig, context: ConnectorContext): Connector {
  switch (config.type) {
    case 'postgres':
      return new PostgresConnector(config, context);
    case 'http':
      return new HttpConnector(config, context);
    case 'csv':
      return new CsvConnector(config, context);
  }
}
