import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

/**
 * Writes rows to the response as they arrive from the database, honouring backpressure, so an export
 * of millions of rows runs in flat memory. A client that disconnects stops the iteration.
 */
export class ExportWriter {
  private constructor(private readonly response: Response) {}

  /**
   * Streams an export; a failure after the first bytes cannot become an error response any more,
   * so it aborts the connection and the client sees a truncated download rather than a wrong one.
   */
  static async run(
    response: Response,
    format: ExportFormat,
    filename: string,
    write: (writer: ExportWriter) => Promise<void>,
  ): Promise<void> {
    const writer = ExportWriter.start(response, format, filename);
    try {
      await write(writer);
      writer.end();
    } catch (error) {
      new Logger('Export').error(error);
      response.destroy(error as Error);
    }
  }

  private static start(response: Response, format: ExportFormat, filename: string): ExportWriter {
    response.status(200);
    response.setHeader(
      'Content-Type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    );
    response.setHeader('Content-Disposition', `attachment; filename="${filename}.${format}"`);
    response.setHeader('Cache-Control', 'no-store');
    return new ExportWriter(response);
  }

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  async write(chunk: string): Promise<void> {
    if (this.response.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const resume = () => {
        this.response.off('drain', resume).off('close', resume);
        resolve();
      };
      this.response.on('drain', resume).on('close', resume);
    });
  }

  async csv<T>(columns: ExportColumn<T>[], rows: AsyncIterable<T>, withHeader = true): Promise<void> {
    if (withHeader) await this.write(stringify([columns.map((column) => column.header)]));
    for await (const row of rows) {
      if (this.closed) return;
      await this.write(stringify([columns.map((column) => cell(column.value(row)))]));
    }
  }

  /** Writes `[row, row, …]`. */
  async jsonArray<T>(rows: AsyncIterable<T>, toJson: (row: T) => unknown): Promise<void> {
    let separator = '';
    await this.write('[');
    for await (const row of rows) {
      if (this.closed) return;
      await this.write(separator + JSON.stringify(toJson(row)));
      separator = ',\n';
    }
    await this.write(']');
  }

  private end(): void {
    if (!this.closed) this.response.end();
  }
}

function cell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}

export async function* mapAsync<T, U>(items: AsyncIterable<T>, map: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield map(item);
}
