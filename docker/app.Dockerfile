# The one image recipe of every app; docker/<app>.Dockerfile are this file with APP's default set
# (made by tools/containers/render-dockerfiles.sh: edit this file, then run it).
# Build from the repository root:
#   docker build -f docker/app.Dockerfile --build-arg APP=cpu-publisher -t cpu-publisher .
ARG APP

# Only the manifests, so the install layer below is reused until a package.json or the lockfile changes.
FROM node:24-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find apps libs -mindepth 2 -maxdepth 2 -name package.json -exec cp --parents {} /manifests/ \;

FROM node:24-bookworm-slim AS build
ENV NX_NO_CLOUD=true NX_DAEMON=false NX_SKIP_NX_CACHE=true CI=true
WORKDIR /src
COPY --from=manifests /manifests/ ./
# No install scripts: the runtime packages are plain JavaScript; our own patches go on below.
# Before `ARG APP`, so every app's image shares this layer.
# npm ci: exactly the committed lockfile; it fails when package.json and the lockfile disagree.
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY . .
# The one install script the project needs: patches/ fixes a kafkajs defect (see patches/README.md).
RUN npx patch-package --error-on-fail
ARG APP
RUN test -n "$APP" || { echo 'set --build-arg APP=<app> (or build docker/<app>.Dockerfile)' >&2; exit 1; }
RUN npx nx build "$APP" --configuration=production --output-style=static \
 && node tools/containers/runtime-deps.mjs "$APP" /out

FROM node:24-bookworm-slim
ARG APP
LABEL org.opencontainers.image.title="$APP"
ENV NODE_ENV=production PORT=8080
WORKDIR /app
# Owned by root and read-only to the app's user.
COPY --from=build /out/ ./
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "main.js"]
