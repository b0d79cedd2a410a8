# One image for the gateway and the five subgraphs; docker-compose.yml picks the entry per service.
# Only what the services run is copied: no scripts/ (the development token minter, the demo loader),
# no tests/, no bench/.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
# npm ci builds the pages (prepare: web/ and the ID-number rules in shared/ bundled into dist/pages)
COPY shared ./shared
COPY web ./web
RUN npm ci --omit=dev --no-audit --no-fund
COPY supergraph.graphql ./
COPY gateway ./gateway
COPY subgraphs ./subgraphs
USER node
# e.g. subgraphs/civil-affairs/src/index.ts or gateway/src/index.ts
ENTRYPOINT ["node", "--import", "tsx"]
CMD ["gateway/src/index.ts"]
