# One image for the gateway and the five subgraphs; docker-compose.yml picks the entry per service.
# Built in two stages: the first compiles TypeScript to JavaScript (npm run build: swc for the
# services, esbuild for the pages), the second holds only the production dependencies, the compiled
# services, the built pages and the supergraph — no TypeScript loader at run time, no scripts/ (the
# development token minter, the demo loader), no tests/, no bench/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds the pages, whose sources are copied below
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json supergraph.graphql ./
COPY shared ./shared
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY web ./web
COPY scripts/build.ts ./scripts/build.ts
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY supergraph.graphql ./
COPY --from=build /app/dist/shared ./dist/shared
COPY --from=build /app/dist/gateway ./dist/gateway
COPY --from=build /app/dist/subgraphs ./dist/subgraphs
COPY --from=build /app/dist/web ./dist/web
COPY --from=build /app/dist/pages ./dist/pages
USER node
# e.g. dist/subgraphs/civil-affairs/src/index.js or dist/gateway/src/index.js
ENTRYPOINT ["node"]
CMD ["dist/gateway/src/index.js"]
