import { Global, Injectable, Module } from '@nestjs/common';

/** The current time, injected so that tests can move it (escalation, staleness, windows). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
