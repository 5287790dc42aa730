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
# /healthz answers 200 when the bot is up and its database reachable (polling and webhook mode alike).
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "src/main.ts"]
