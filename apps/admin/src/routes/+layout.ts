// A single-page app: the API serves index.html for every /admin path and the client renders it.
export const ssr = false;
export const prerender = false;
