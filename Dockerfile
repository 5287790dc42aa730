# Hromada Help: multi-stage image. The build stage installs everything and checks types; the final
# stage holds production dependencies only and runs as an unprivileged user.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci
COPY . .
# Type-checks and compiles src/ to dist/: the image runs plain JavaScript (no TypeScript loader in memory).
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY locales ./locales
COPY data/catalog ./data/catalog
COPY data/dialogue ./data/dialogue
# The HSDS export's vocabulary (taxonomy names, regions) and the `hromada-help` launcher (runs dist/cli.js).
COPY data/hsds ./data/hsds
COPY bin ./bin
COPY data/danger ./data/danger
COPY data/smalltalk ./data/smalltalk
COPY data/inbox ./data/inbox
RUN mkdir -p /app/data/db && chown -R node:node /app/data
USER node
VOLUME ["/app/data/db"]
EXPOSE 8080
# /healthz answers 200 when the bot is up and its database reachable (polling and webhook mode alike).
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# V8's heap limits: the bot's live heap is ~50 MB (catalogue, matcher index, code), but without limits
# V8 keeps what a burst of updates grew it to (~310 MB RSS after 10,000 dialogues opened at once). A
# smaller young generation (4 MB semi-spaces) and a 256 MB ceiling keep it near what is live
# (npm run bench:memory runs the bot with these flags). A catalogue of thousands of services needs a
# higher ceiling: bench:search prints the index's heap.
# --v8-pool-size=2: two V8 background threads instead of four. At start they optimise code (TurboFan)
# and help the garbage collector, ~2.7 s of CPU beside the main thread's ~1.8 s: with four on a 2-core
# host the main thread waited for a core, and each thread kept its own glibc malloc arena (~70 MB of
# RSS never given back). Two: ~35-40 MB less RSS and ~0.5-1 s less CPU per start. One saves ~25 MB
# more but queues PGlite's WebAssembly compile behind the optimiser (a slower open; PROFILE-start.md).
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=4", "--v8-pool-size=2", "dist/main.js"]
