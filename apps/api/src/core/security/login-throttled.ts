import { SetMetadata } from '@nestjs/common';

export const LOGIN_THROTTLED = 'syncline:login-throttled';

/** Puts a route under the strict sign-in rate limit (LOGIN_ATTEMPTS_PER_MINUTE per client). */
export const LoginThrottled = () => SetMetadata(LOGIN_THROTTLED, true);
