# One image for the API (which also serves the admin app) and the worker.
FROM node:20-bookworm-slim
RUN npm install -g pnpm@10
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
ENV NODE_ENV=production \
    ADMIN_DIST=/app/apps/admin/build \
    PORT=3000
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
