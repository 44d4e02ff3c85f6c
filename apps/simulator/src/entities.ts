import type { FieldProblem } from './errors';
import type { Random } from './random';

/**
 * The kinds of collection the simulator can serve. Each field says its type (checked on writes,
 * like a real remote would), whether the mutation generator may change it, and how to invent a
 * realistic value — given the fields generated before it, so a model matches its make.
 */
export interface FieldSpec {
  type: 'string' | 'integer' | 'number' | 'date';
  required?: boolean;
  values?: readonly string[];
  pattern?: RegExp;
  mutable?: boolean;
  generate(ctx: GenerateContext, draft: Readonly<Record<string, unknown>>): unknown;
}

export interface GenerateContext {
  rng: Random;
  /** 1-based sequence number of the record in its collection, for unique business keys. */
  seq: number;
  /** A random live record id of another collection, or null when there is none. */
  pickId(collection: string): string | null;
}

export interface EntityKind {
  idPrefix: string;
  fields: Readonly<Record<string, FieldSpec>>;
}

const MODELS: Readonly<Record<string, readonly string[]>> = {
  Toyota: ['Corolla', 'Camry', 'RAV4', 'HiLux', 'LandCruiser'],
  Ford: ['Ranger', 'Everest', 'Focus', 'Mustang'],
  Mazda: ['Mazda3', 'CX-5', 'CX-30', 'BT-50'],
  Hyundai: ['i30', 'Tucson', 'Kona', 'Santa Fe'],
  Kia: ['Cerato', 'Sportage', 'Seltos', 'Sorento'],
  Volkswagen: ['Golf', 'Polo', 'Tiguan', 'Amarok'],
  Mitsubishi: ['Triton', 'Outlander', 'ASX'],
  Subaru: ['Forester', 'Outback', 'XV', 'WRX'],
};
const MAKES = Object.keys(MODELS);
const COLOURS = ['White', 'Black', 'Silver', 'Grey', 'Blue', 'Red', 'Green'];
const FIRST_NAMES = [
  'Olivia',
  'Jack',
  'Charlotte',
  'Noah',
  'Amelia',
  'William',
  'Mia',
  'Oliver',
  'Isla',
  'Leo',
  'Ava',
  'Lucas',
  'Priya',
  'Wei',
  'Fatima',
  'Mateo',
];
const LAST_NAMES = [
  'Smith',
  'Nguyen',
  'Williams',
  'Brown',
  'Jones',
  'Singh',
  'Taylor',
  'Wilson',
  'Chen',
  'Martin',
  'Kelly',
  'Patel',
  'Rossi',
  'Murphy',
];
const REGIONS = ['NSW', 'VIC', 'QLD', 'WA', 'SA', 'TAS', 'ACT', 'NT'];
const CAMPAIGN_THEMES = [
  'Spring Sale',
  'EOFY Clearance',
  'SUV Week',
  'Finance Offer',
  'Trade-in Bonus',
  'New Arrivals',
];

const VEHICLE_STATUSES = ['available', 'reserved', 'sold'] as const;
const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'won', 'lost'] as const;
const CAMPAIGN_PLATFORMS = ['google', 'meta', 'reddit'] as const;
const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'ended'] as const;
const SELLER_STATUSES = ['active', 'suspended'] as const;

const digits = (rng: Random, count: number): string => Array.from({ length: count }, () => rng.int(0, 9)).join('');

const personName = (ctx: GenerateContext): string => `${ctx.rng.pick(FIRST_NAMES)} ${ctx.rng.pick(LAST_NAMES)}`;

// Emails derive from the name (and stay unique through the sequence number), as a person's would.
const emailFor = (name: unknown, ctx: GenerateContext): string =>
  `${String(name)
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')}${ctx.seq}@example.com`;

export const ENTITY_KINDS: Readonly<Record<string, EntityKind>> = {
  vehicle: {
    idPrefix: 'veh',
    fields: {
      stockNumber: { type: 'string', required: true, generate: (ctx) => `STK${String(10000 + ctx.seq)}` },
      make: { type: 'string', required: true, generate: (ctx) => ctx.rng.pick(MAKES) },
      model: {
        type: 'string',
        required: true,
        generate: (ctx, draft) => ctx.rng.pick(MODELS[String(draft.make)] ?? MODELS.Toyota),
      },
      year: { type: 'integer', required: true, generate: (ctx) => ctx.rng.int(2012, 2025) },
      // Newer cars cost more; whole dollars ending in 90, as dealers price them.
      price: {
        type: 'number',
        mutable: true,
        generate: (ctx, draft) => (Number(draft.year ?? 2018) - 2008) * 2500 + ctx.rng.int(0, 150) * 100 - 10,
      },
      odometer: {
        type: 'integer',
        mutable: true,
        generate: (ctx, draft) => (2026 - Number(draft.year ?? 2018)) * ctx.rng.int(6000, 22000),
      },
      colour: { type: 'string', generate: (ctx) => ctx.rng.pick(COLOURS) },
      status: {
        type: 'string',
        values: VEHICLE_STATUSES,
        mutable: true,
        generate: (ctx) => ctx.rng.weighted(VEHICLE_STATUSES, [7, 2, 1]),
      },
    },
  },
  lead: {
    idPrefix: 'lead',
    fields: {
      name: { type: 'string', required: true, generate: personName },
      email: {
        type: 'string',
        pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
        mutable: true,
        generate: (ctx, draft) => emailFor(draft.name, ctx),
      },
      phone: { type: 'string', mutable: true, generate: (ctx) => `04${digits(ctx.rng, 8)}` },
      vehicleId: { type: 'string', generate: (ctx) => ctx.pickId('vehicle') },
      status: {
        type: 'string',
        required: true,
        values: LEAD_STATUSES,
        mutable: true,
        generate: (ctx) => ctx.rng.weighted(LEAD_STATUSES, [4, 3, 2, 1, 1]),
      },
    },
  },
  campaign: {
    idPrefix: 'cmp',
    fields: {
      name: {
        type: 'string',
        required: true,
        generate: (ctx) => `${ctx.rng.pick(CAMPAIGN_THEMES)} ${ctx.rng.pick(MAKES)} #${ctx.seq}`,
      },
      platform: {
        type: 'string',
        values: CAMPAIGN_PLATFORMS,
        generate: (ctx) => ctx.rng.pick(CAMPAIGN_PLATFORMS),
      },
      budget: { type: 'number', mutable: true, generate: (ctx) => ctx.rng.int(10, 1000) * 50 },
      status: {
        type: 'string',
        required: true,
        values: CAMPAIGN_STATUSES,
        mutable: true,
        generate: (ctx) => ctx.rng.weighted(CAMPAIGN_STATUSES, [1, 5, 2, 2]),
      },
      startDate: {
        type: 'date',
        generate: (ctx) => new Date(Date.UTC(2025, 0, 1) + ctx.rng.int(0, 364) * 86_400_000).toISOString().slice(0, 10),
      },
    },
  },
  // The spreadsheet case: seller numbers have a fixed format that verification rules check.
  seller: {
    idPrefix: 'sel',
    fields: {
      sellerNumber: {
        type: 'string',
        required: true,
        pattern: /^S-\d{6}$/,
        generate: (ctx) => `S-${String(ctx.seq).padStart(6, '0')}`,
      },
      name: { type: 'string', required: true, generate: (ctx) => `${ctx.rng.pick(LAST_NAMES)} Motors` },
      email: { type: 'string', mutable: true, generate: (ctx, draft) => emailFor(draft.name, ctx) },
      region: { type: 'string', values: REGIONS, mutable: true, generate: (ctx) => ctx.rng.pick(REGIONS) },
      status: {
        type: 'string',
        required: true,
        values: SELLER_STATUSES,
        mutable: true,
        generate: (ctx) => ctx.rng.weighted(SELLER_STATUSES, [9, 1]),
      },
    },
  },
};

export function generateFields(kind: EntityKind, ctx: GenerateContext): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(kind.fields)) draft[name] = spec.generate(ctx, draft);
  return draft;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function typeProblem(spec: FieldSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      break;
    case 'integer':
      if (!Number.isInteger(value)) return 'must be an integer';
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      break;
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))
        return 'must be a date (YYYY-MM-DD)';
      break;
  }
  if (spec.values && !spec.values.includes(value as string)) return `must be one of ${spec.values.join(', ')}`;
  if (spec.pattern && !spec.pattern.test(value as string)) return `must match ${spec.pattern.source}`;
  return undefined;
}

/** What a write would be refused for. Unknown fields are kept as sent; null means "no value". */
export function validateFields(kind: EntityKind, fields: Readonly<Record<string, unknown>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, spec] of Object.entries(kind.fields)) {
    const value = fields[field];
    if (value === undefined || value === null) {
      if (spec.required) problems.push({ field, reason: 'is required' });
      continue;
    }
    const reason = typeProblem(spec, value);
    if (reason) problems.push({ field, reason });
  }
  return problems;
}
