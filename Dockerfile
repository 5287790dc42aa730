# Hromada Help: multi-stage image. The build stage installs everything and checks types; the final
# stage holds production dependencies only and runs as an unprivileged user.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci
COPY . .
RUN npm run typecheck

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --omit=dev && npm cache clean --force
COPY src ./src
COPY locales ./locales
COPY data/catalog ./data/catalog
RUN mkdir -p /app/data/db && chown -R node:node /app/data
USER node
VOLUME ["/app/data/db"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "process.kill(1, 0)"]
CMD ["node", "--import", "tsx", "src/main.ts"]
