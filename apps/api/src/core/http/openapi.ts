import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { SESSION_COOKIE } from '@syncline/contracts';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input; `details` names each field and the reason',
  '401': 'No valid session cookie, session token or API key',
  '403': "The caller's role or API-key scope is too low",
  '404': 'Not found',
  '409': 'Conflicts with the current state',
  '422': 'Well-formed, but the target cannot do it; `details` names the field and the reason',
  '429': 'Rate limit exceeded',
  '503': 'A dependency (PostgreSQL or Redis) is unavailable',
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'details'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'validation_failed' },
    message: { type: 'string', example: 'key: must be 2-63 lower-case letters, digits or dashes' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string', example: 'key' }, reason: { type: 'string' } },
      },
    },
    requestId: { type: 'string' },
  },
};

/** The OpenAPI document, generated from the controllers and DTOs, with the shared error shape on every operation. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Syncline API')
    .setDescription('Sync monitoring and reconciliation. Errors always have the `ApiError` shape.')
    .setVersion('1')
    .addCookieAuth(SESSION_COOKIE)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (`slk_…`) or session token (`sls_…`)' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .addSecurityRequirements('cookie')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ApiError: ERROR_SCHEMA },
  };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as { responses?: Record<string, unknown> }[]) {
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        operation.responses ??= {};
        operation.responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
        };
      }
    }
  }
  return document;
}

export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
