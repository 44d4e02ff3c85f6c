import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { AppConfig } from '../core/config/app-config';
import { DeliveryError } from './delivery-error';

/** How a refused address is described, by ipaddr.js range; any other non-public range is "reserved". */
const RANGE_WORDS: Record<string, string> = {
  private: 'a private',
  loopback: 'a loopback',
  linkLocal: 'a link-local',
  carrierGradeNat: 'a CGNAT',
  uniqueLocal: 'a unique-local',
  ipv4Mapped: 'an IPv4-mapped',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
};

/** Where a webhook request goes: the URL, and the one address it was checked against and must connect to. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Keeps webhooks from reaching Syncline's own network (SSRF): a URL's host is resolved once and its address
 * must be public unicast, unless WEBHOOK_ALLOWED_HOSTS names the hostname or covers the address.
 */
@Injectable()
export class WebhookTargets {
  private readonly hostnames = new Set<string>();
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

  constructor(config: AppConfig) {
    for (const entry of config.WEBHOOK_ALLOWED_HOSTS?.split(',') ?? []) {
      const host = entry.trim().toLowerCase();
      if (ipaddr.isValidCIDR(host)) this.ranges.push(ipaddr.parseCIDR(host));
      else if (ipaddr.isValid(host)) this.ranges.push([ipaddr.parse(host), host.includes(':') ? 128 : 32]);
      else this.hostnames.add(host);
    }
  }

  /** Refuses with a DeliveryError: retryable when the name does not resolve (DNS may recover), final otherwise. */
  async resolve(rawUrl: string): Promise<WebhookTarget> {
    const url = new URL(rawUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new DeliveryError(`${url.protocol} URLs are not allowed, only http and https`, false);
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const { address, family } = isIP(host)
      ? { address: host, family: isIP(host) }
      : await lookup(host).catch((error: NodeJS.ErrnoException) => {
          throw new DeliveryError(`${host} does not resolve (${error.code ?? error.message})`, true);
        });
    const target = { url, address, family: family as 4 | 6 };
    if (this.hostnames.has(host)) return target;
    const parsed = ipaddr.parse(address);
    const range = parsed.range();
    if (range === 'unicast' || this.allows(parsed)) return target;
    const what = address === host ? `${host} is` : `${host} resolves to ${address},`;
    throw new DeliveryError(
      `${what} ${RANGE_WORDS[range] ?? 'a reserved'} address (allow it with WEBHOOK_ALLOWED_HOSTS)`,
      false,
    );
  }

  private allows(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
  }
}
