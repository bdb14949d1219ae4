# Two stages: build with the compilers native modules need, run on a slim image as a non-root user.
# (No Docker engine runs on the kit's build machines, so this file is linted, not built, in CI.)
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY app ./app
COPY workflows ./workflows
COPY migrations ./migrations
COPY views ./views
COPY docs ./docs
COPY council.json ./
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATABASE_URL=sqlite:///app/data/blue-badge.sqlite UPLOAD_DIR=/app/data/uploads
# glibc keeps freed large blocks (argon2's 19 MiB per sign-in) in its heaps for good unless the threshold for
# giving them back to the system is fixed (setting it stops glibc raising it): see docs/performance.md.
ENV MALLOC_MMAP_THRESHOLD_=1048576
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/views ./views
COPY --from=build --chown=node:node /app/docs ./docs
COPY --from=build --chown=node:node /app/council.json ./
COPY --from=build --chown=node:node /app/app/public ./app/public
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# --max-semi-space-size: a smaller young generation; --heap-growing-percent: V8 lets the old generation grow to
# 1.5 times what a full collection kept (not up to 4 times), without a hard limit: under 200 MB (docs/performance.md).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/app/cli.js", "start"]
