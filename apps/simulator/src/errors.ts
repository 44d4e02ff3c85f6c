export interface FieldProblem {
  field: string;
  reason: string;
}

/** A client mistake or a refused write; routes turn it into `{ statusCode, error, message, details? }`. */
export class SimError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
  }
}
